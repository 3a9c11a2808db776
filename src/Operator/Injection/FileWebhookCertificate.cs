using System.Security.Cryptography.X509Certificates;

namespace Mesh.Operator.Injection;

/// <summary>
/// A serving certificate from files, as cert-manager's Certificate Secret mounts them (<c>tls.crt</c>, <c>tls.key</c>):
/// used with <c>--webhook-cert-dir</c>. Reloaded when the files change (kubelet swaps the mount on renewal), checked
/// at most once per <see cref="CheckInterval"/>.
/// </summary>
public sealed class FileWebhookCertificate(string directory, TimeProvider time) : IWebhookCertificateSource, IDisposable
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private X509Certificate2? _current;
    private DateTime _loadedWrite;
    private DateTimeOffset _nextCheck;

    public string CertificateFile => Path.Combine(directory, "tls.crt");

    public string KeyFile => Path.Combine(directory, "tls.key");

    public X509Certificate2? Current
    {
        get
        {
            lock (_lock)
            {
                var now = time.GetUtcNow();
                if (_current is not null && now < _nextCheck)
                {
                    return _current;
                }
                _nextCheck = now + CheckInterval;
                try
                {
                    var written = File.GetLastWriteTimeUtc(CertificateFile);
                    if (_current is null || written != _loadedWrite)
                    {
                        var loaded = X509Certificate2.CreateFromPemFile(CertificateFile, KeyFile);
                        _current?.Dispose();
                        _current = loaded;
                        _loadedWrite = written;
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
                {
                    // Mid-swap or not mounted yet: keep serving the last good certificate and look again soon.
                }
                return _current;
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _current?.Dispose();
            _current = null;
        }
    }
}
