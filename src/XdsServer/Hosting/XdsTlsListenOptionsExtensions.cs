using Mesh.XdsServer.Config;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.XdsServer.Hosting;

public static class XdsTlsListenOptionsExtensions
{
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
        listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificateSelector = (_, _) => listen.ApplicationServices.GetRequiredService<IXdsCredentials>().ServerCertificate,
            ClientCertificateMode = ClientCertificateMode.AllowCertificate,
            ClientCertificateValidation = (_, _, _) => true,
        });
        return listen;
    }
}
