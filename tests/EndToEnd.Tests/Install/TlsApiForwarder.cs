using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.EndToEnd.Tests.Install;

/// <summary>
/// The "kubernetes" Service as a pod sees it: HTTPS on <c>address</c>, with a certificate whose own self-signed CA is
/// what the pod's service-account ca.crt holds, forwarded byte for byte to the embedded API's plain HTTP port. The
/// in-cluster client config accepts nothing else (https, a CA file, a token file).
/// </summary>
internal sealed class TlsApiForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _upstream;
    private readonly X509Certificate2 _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private TlsApiForwarder(IPAddress address, IPEndPoint upstream)
    {
        _upstream = upstream;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kubernetes", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(address);
        san.AddDnsName("kubernetes.default.svc");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(2));
        // SslStream on Linux needs the key in an exportable form: round-trip through PKCS#12.
        _certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
        CaPem = created.ExportCertificatePem();
        _listener = new TcpListener(address, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>The PEM a pod's /var/run/secrets/kubernetes.io/serviceaccount/ca.crt holds.</summary>
    public string CaPem { get; }

    public static TlsApiForwarder Start(IPAddress address, Uri upstream) =>
        new(address, new IPEndPoint(IPAddress.Parse(upstream.Host), upstream.Port));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _certificate.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        using var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await using var tls = new SslStream(new NetworkStream(client, ownsSocket: true));
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
            await upstream.ConnectAsync(_upstream, _stop.Token);
            await using var plain = new NetworkStream(upstream, ownsSocket: false);
            // Either direction ending (a watch closed, the API stopping, the test ending) ends the connection.
            await Task.WhenAny(
                tls.CopyToAsync(plain, _stop.Token),
                plain.CopyToAsync(tls, _stop.Token));
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            // A connection cut short: the client sees it as such.
        }
    }
}
