using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Grpc.Net.Client;
using k8s.Models;
using Mesh.XdsServer.Contract;

namespace Mesh.EndToEnd.Tests.Chaos;

/// <summary>
/// What a sidecar holds from its mounted workload Secret: its leaf with the key, and the trust bundle (ca.crt). Trust
/// is decided the way Envoy's validation context decides it: the chain must end at a root of the bundle, at the
/// given time (the test's shifted clock, the one the CA issued by).
/// </summary>
internal sealed class MeshIdentity : IDisposable
{
    private MeshIdentity(X509Certificate2 leaf, X509Certificate2Collection bundle)
    {
        Leaf = leaf;
        Bundle = bundle;
    }

    public X509Certificate2 Leaf { get; }

    public X509Certificate2Collection Bundle { get; }

    /// <summary>The subject of the root that signed the leaf (the leaf's issuer name).</summary>
    public string Issuer => Leaf.Issuer;

    public static MeshIdentity From(V1Secret secret)
    {
        string Pem(string key) => Encoding.ASCII.GetString(secret.Data[key]);
        using var pem = X509Certificate2.CreateFromPem(Pem("tls.crt"), Pem("tls.key"));
        // SslStream on Linux wants a key it can hand to OpenSSL: round-trip through PKCS#12.
        var leaf = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPem(Pem("ca.crt"));
        return new MeshIdentity(leaf, bundle);
    }

    /// <summary>The same leaf with another trust bundle (a proxy that never got the new ca.crt).</summary>
    public MeshIdentity WithBundle(X509Certificate2Collection bundle)
    {
        var copy = new X509Certificate2Collection();
        foreach (var root in bundle)
        {
            copy.Add(X509CertificateLoader.LoadCertificate(root.RawData));
        }

        return new MeshIdentity(X509CertificateLoader.LoadPkcs12(Leaf.Export(X509ContentType.Pkcs12), null), copy);
    }

    public static bool Trusts(X509Certificate2Collection bundle, X509Certificate? presented, DateTimeOffset at)
    {
        if (presented is null)
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(bundle);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        return chain.Build(leaf);
    }

    /// <summary>
    /// A real mutual TLS handshake on loopback, then one byte each way: <paramref name="client"/> presents its leaf and
    /// checks the server's with its bundle, <paramref name="server"/> the other way round. Null on success, else why not.
    /// </summary>
    public static async Task<string?> HandshakeAsync(MeshIdentity client, MeshIdentity server, DateTimeOffset at)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            using var clientTcp = new TcpClient();
            var accept = listener.AcceptTcpClientAsync();
            await clientTcp.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
            using var serverTcp = await accept;
            await using var serverTls = new SslStream(serverTcp.GetStream());
            await using var clientTls = new SslStream(clientTcp.GetStream());
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            var serverSide = serverTls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = server.Leaf,
                ClientCertificateRequired = true,
                RemoteCertificateValidationCallback = (_, presented, _, _) => Trusts(server.Bundle, presented, at),
            }, timeout.Token);
            var clientSide = clientTls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "workload",
                ClientCertificates = [client.Leaf],
                RemoteCertificateValidationCallback = (_, presented, _, _) => Trusts(client.Bundle, presented, at),
            }, timeout.Token);
            try
            {
                await Task.WhenAll(serverSide, clientSide);
                await clientTls.WriteAsync("c"u8.ToArray(), timeout.Token);
                await serverTls.WriteAsync("s"u8.ToArray(), timeout.Token);
                var buffer = new byte[1];
                await serverTls.ReadExactlyAsync(buffer, timeout.Token);
                await clientTls.ReadExactlyAsync(buffer, timeout.Token);
                return null;
            }
            catch (Exception e) when (e is AuthenticationException or IOException)
            {
                // Both sides fail when one refuses; report the side that refused first when it is known.
                return serverSide.Exception?.InnerException?.Message ?? clientSide.Exception?.InnerException?.Message ?? e.Message;
            }
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>Channel options of a sidecar on the mTLS xDS port: its leaf, and the operator's checked against its bundle.</summary>
    public GrpcChannelOptions XdsChannel(TimeProvider clock, string operatorNamespace = "mesh-system")
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.ClientCertificates = [Leaf];
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) =>
            Trusts(Bundle, presented, clock.GetUtcNow())
            && presented is X509Certificate2 server && server.MatchesHostname(SidecarContract.XdsHost(operatorNamespace));
        return new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true };
    }

    public void Dispose()
    {
        Leaf.Dispose();
        foreach (var root in Bundle)
        {
            root.Dispose();
        }
    }
}
