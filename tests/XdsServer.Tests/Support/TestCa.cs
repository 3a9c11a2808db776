using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.XdsServer.Config;

namespace Mesh.XdsServer.Tests.Support;

/// <summary>A throwaway CA for the mTLS port's tests: a root, a server certificate for localhost, workload certificates by SPIFFE id.</summary>
internal sealed class TestCa : IXdsCredentials, IDisposable
{
    private readonly X509Certificate2 _root;

    public TestCa(string name = "test-root")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _root = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        ServerCertificate = Issue(null, server: true);
        TrustBundle = [X509CertificateLoader.LoadCertificate(_root.RawData)];
    }

    public X509Certificate2 Root => _root;

    public X509Certificate2? ServerCertificate { get; }

    public X509Certificate2Collection TrustBundle { get; }

    /// <summary>A workload certificate with one URI SAN, spiffe://cluster.local/ns/<paramref name="ns"/>/sa/<paramref name="sa"/>.</summary>
    public X509Certificate2 Workload(string ns, string sa) => Issue($"spiffe://cluster.local/ns/{ns}/sa/{sa}", server: false);

    /// <summary>
    /// A workload certificate as the operator's CA issues it (CertificateFactory): the SPIFFE URI SAN with both server
    /// and client authentication, since a proxyless gRPC server presents its workload certificate as a TLS server.
    /// </summary>
    public X509Certificate2 ServingWorkload(string ns, string sa) => Issue($"spiffe://cluster.local/ns/{ns}/sa/{sa}", server: false, serving: true);

    /// <summary>Validates a server certificate against this CA only (what a sidecar's bootstrap does).</summary>
    public bool Trusts(X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    public void Dispose() => _root.Dispose();

    private X509Certificate2 Issue(string? spiffe, bool server, bool serving = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(server ? "CN=localhost" : "", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        if (server)
        {
            san.AddDnsName("localhost");
            san.AddIpAddress(System.Net.IPAddress.Loopback);
        }
        else
        {
            san.AddUri(new Uri(spiffe!));
        }

        request.CertificateExtensions.Add(san.Build(critical: !server));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        OidCollection usages = serving
            ? [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")]
            : [new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")];
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_root, true, false));
        using var issued = request.Create(_root, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(12), RandomNumberGenerator.GetBytes(12));
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
