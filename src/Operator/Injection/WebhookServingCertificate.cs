using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Injection;

/// <summary>Issues the webhook's TLS server certificate from the built-in CA's signing root (pure apart from key generation).</summary>
public static class WebhookServingCertificate
{
    /// <summary>Lifetime of a serving certificate; it is reissued at half life and whenever the signing root changes.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(30);

    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1", "Server Authentication");

    /// <summary>The DNS names the API server may dial: the Service's <c>.svc</c> name and its cluster-domain form.</summary>
    public static IReadOnlyList<string> DnsNames(string operatorNamespace) =>
        [SidecarContract.WebhookHost(operatorNamespace), SidecarContract.WebhookHost(operatorNamespace) + ".cluster.local"];

    public static X509Certificate2 Issue(X509Certificate2 issuer, IReadOnlyList<string> dnsNames, DateTimeOffset now, byte[] serial)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(dnsNames);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(dnsNames[0]);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            san.AddDnsName(name);
        }
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuth], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        // Backdated for clock skew between replicas and the API server, but never before the issuer's own start.
        var start = now.AddMinutes(-5);
        var issuerStart = new DateTimeOffset(issuer.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        if (start < issuerStart)
        {
            start = issuerStart;
        }
        var end = now + Validity;
        var issuerEnd = new DateTimeOffset(issuer.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        if (end > issuerEnd)
        {
            end = issuerEnd;
        }
        using var certificate = request.Create(issuer, start, end, serial);
        using var withKey = certificate.CopyWithPrivateKey(key);
        // An exported-and-reimported PKCS#12 keeps the key usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
