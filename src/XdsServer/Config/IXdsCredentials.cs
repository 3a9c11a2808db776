using System.Security.Cryptography.X509Certificates;

namespace Mesh.XdsServer.Config;

/// <summary>
/// What the mTLS xDS port needs from the mesh's CA: the server's own certificate (with its key) and the trust bundle
/// that client certificates must chain to. Both may change (root rotation, renewal): read them per connection.
/// </summary>
public interface IXdsCredentials
{
    /// <summary>The server certificate with its private key, or null while the CA has no root yet.</summary>
    X509Certificate2? ServerCertificate { get; }

    /// <summary>The roots a client certificate must chain to (empty while the CA has no root yet).</summary>
    X509Certificate2Collection TrustBundle { get; }
}
