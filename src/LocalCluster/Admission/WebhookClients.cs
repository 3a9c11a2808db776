using System.Collections.Concurrent;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.LocalCluster.Admission;

/// <summary>
/// One HTTP client per webhook client configuration (where it connects, the host it verifies, the caBundle), kept
/// between calls as kube-apiserver's webhook client manager keeps its REST clients: connections are reused, so only
/// the first call to a webhook pays the TLS handshake. A changed caBundle or Service mapping is a different key and so
/// a fresh client that verifies again.
/// </summary>
internal sealed class WebhookClients
{
    private const int MaxClients = 128;
    private readonly ConcurrentDictionary<Key, WebhookClient> _clients = new();

    public WebhookClient For(string host, Uri? target, string? caBundlePem)
    {
        var key = new Key(host, target, caBundlePem);
        if (_clients.TryGetValue(key, out var known))
        {
            return known;
        }

        if (_clients.Count >= MaxClients)
        {
            // Tests register many short-lived webhooks; idle connections of dropped clients close on their own timeout.
            _clients.Clear();
        }

        return _clients.GetOrAdd(key, static k => new WebhookClient(k.Host, k.Target, k.CaBundlePem));
    }

    private sealed record Key(string Host, Uri? Target, string? CaBundlePem);
}

/// <summary>A pooled client for one webhook configuration; <see cref="TlsError"/> says why its last handshake failed.</summary>
internal sealed class WebhookClient
{
    private volatile string? _tlsError;

    public WebhookClient(string host, Uri? target, string? caBundlePem)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            SslOptions = new SslClientAuthenticationOptions
            {
                TargetHost = host,
                RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
                {
                    _tlsError = certificate is null
                        ? "tls: failed to verify certificate: x509: no certificate presented"
                        : Check(certificate, chain, host, caBundlePem);
                    return _tlsError is null;
                },
            },
        };
        if (target is not null)
        {
            handler.ConnectCallback = (_, token) => ConnectAsync(target, token);
        }

        Http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public HttpClient Http { get; }

    public string? TlsError => _tlsError;

    private static string? Check(X509Certificate certificate, X509Chain? chain, string host, string? caBundlePem)
    {
        if (certificate is X509Certificate2 leaf)
        {
            return WebhookCertificateCheck.Check(leaf, chain?.ChainElements.Select(e => e.Certificate) ?? [], host, caBundlePem);
        }

        using var loaded = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return WebhookCertificateCheck.Check(loaded, chain?.ChainElements.Select(e => e.Certificate) ?? [], host, caBundlePem);
    }

    private static async ValueTask<Stream> ConnectAsync(Uri target, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(target.Host, target.Port, ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
