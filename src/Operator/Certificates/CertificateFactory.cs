using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Operator.Certificates;

/// <summary>
/// The X.509 work of the built-in CA. Keys are ECDSA P-256 with SHA-256 signatures (what Istio's CA issues for
/// ECC workloads); key generation uses the OS random source, serial numbers come from the injected source.
/// </summary>
internal static class CertificateFactory
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1", "Server Authentication");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2", "Client Authentication");

    /// <summary>A self-signed root: CA:true with a path length, keyCertSign and cRLSign, subject and authority key identifiers.</summary>
    public static X509Certificate2 CreateRoot(string commonName, DateTimeOffset notBefore, TimeSpan validity, int pathLength, byte[] serial)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        // The builder encodes in reverse order of the calls: this yields O=mesh.dev, CN=<name> on the wire.
        subject.AddCommonName(commonName);
        subject.AddOrganizationName("mesh.dev");
        var name = subject.Build();
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, pathLength, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var ski = new X509SubjectKeyIdentifierExtension(request.PublicKey, false);
        request.CertificateExtensions.Add(ski);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(ski));
        var start = Truncate(notBefore);
        using var certificate = request.Create(name, X509SignatureGenerator.CreateForECDsa(key), start, start + validity, serial);
        return certificate.CopyWithPrivateKey(key);
    }

    /// <summary>
    /// A workload leaf: empty subject, exactly one URI SAN (critical, as RFC 5280 4.2.1.6 requires with an empty subject),
    /// CA:false, digitalSignature + keyEncipherment, serverAuth + clientAuth (the usages Istio's CA sets), AKI of the issuer.
    /// The lifetime never outlives the issuer.
    /// </summary>
    public static X509Certificate2 IssueWorkload(X509Certificate2 issuer, string spiffeId, DateTimeOffset notBefore, TimeSpan duration, byte[] serial)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName(""), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(spiffeId));
        request.CertificateExtensions.Add(san.Build(critical: true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuth, ClientAuth], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var start = Truncate(notBefore);
        var end = start + duration;
        var issuerEnd = new DateTimeOffset(issuer.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        if (end > issuerEnd)
        {
            end = issuerEnd;
        }
        using var certificate = request.Create(issuer, start, end, serial);
        return certificate.CopyWithPrivateKey(key);
    }

    /// <summary>The single URI SAN of a certificate, or null when it has none or several, or any other kind of SAN.</summary>
    public static string? SingleUriSan(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SingleOrDefault();
        if (extension is null || extension.EnumerateDnsNames().Any() || extension.EnumerateIPAddresses().Any())
        {
            return null;
        }
        var reader = new System.Formats.Asn1.AsnReader(extension.RawData, System.Formats.Asn1.AsnEncodingRules.DER);
        var names = reader.ReadSequence();
        string? uri = null;
        while (names.HasData)
        {
            var tag = names.PeekTag();
            // GeneralName uniformResourceIdentifier is [6] IA5String (RFC 5280 4.2.1.6).
            if (tag.TagClass != System.Formats.Asn1.TagClass.ContextSpecific || tag.TagValue != 6 || uri is not null)
            {
                return null;
            }
            uri = names.ReadCharacterString(System.Formats.Asn1.UniversalTagNumber.IA5String, new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 6));
        }
        return uri;
    }

    /// <summary>X.509 validity has one-second precision; truncating keeps the stored and the computed times equal.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    public static DateTimeOffset NotAfter(X509Certificate2 certificate) => new(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);

    public static DateTimeOffset NotBefore(X509Certificate2 certificate) => new(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
}
