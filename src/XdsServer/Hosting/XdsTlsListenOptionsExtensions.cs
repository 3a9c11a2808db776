using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using Mesh.XdsServer.Config;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.XdsServer.Hosting;

public static class XdsTlsListenOptionsExtensions
{
    // One TLS context per server certificate: given a bare certificate, SslStream builds a context (and its chain) on
    // every handshake, a tenth of the operator's CPU while 2,000 sidecars reconnected.
    private static readonly ConditionalWeakTable<X509Certificate2, SslStreamCertificateContext> Contexts = new();

    /// <summary>
    /// Makes a Kestrel endpoint the mTLS xDS port: HTTP/2 over TLS with the server certificate of the registered
    /// <see cref="IXdsCredentials"/> (read per connection, so renewals apply without a restart), asking every client for
    /// a certificate. The certificate is checked per stream by <see cref="SpiffeNodeAuthorizer"/>, not in the
    /// handshake, so that a refusal reaches the client as a gRPC status with a reason.
    /// </summary>
    public static ListenOptions UseXdsTls(this ListenOptions listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        listen.Protocols = HttpProtocols.Http2;
        listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = _ =>
            {
                // A failed handshake, logged by Kestrel at debug level like any other (the client retries).
                var certificate = listen.ApplicationServices.GetRequiredService<IXdsCredentials>().ServerCertificate
                    ?? throw new System.Security.Authentication.AuthenticationException("the mesh CA has no root yet: no server certificate for the xDS port");
                return ValueTask.FromResult(new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = Contexts.GetValue(certificate, static c => SslStreamCertificateContext.Create(c, additionalCertificates: null, offline: true)),
                    ApplicationProtocols = [SslApplicationProtocol.Http2],
                    // Asked for, not required: a missing or untrusted certificate is refused per stream, with a reason.
                    ClientCertificateRequired = true,
                    RemoteCertificateValidationCallback = (_, _, _, _) => true,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                });
            },
        });
        return listen;
    }
}
