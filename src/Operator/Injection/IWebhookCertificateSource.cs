using System.Security.Cryptography.X509Certificates;

namespace Mesh.Operator.Injection;

/// <summary>The webhook's serving certificate as Kestrel asks for it on each TLS handshake (null: not available yet).</summary>
public interface IWebhookCertificateSource
{
    X509Certificate2? Current { get; }
}
