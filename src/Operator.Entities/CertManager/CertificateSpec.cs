using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities.CertManager;

/// <summary>cert-manager's CertificateSpec, limited to the fields Mesh uses (workload certificates with SPIFFE URI SANs).</summary>
public sealed record CertificateSpec
{
    /// <summary>The Secret (same namespace) the key pair is stored in. Required.</summary>
    [JsonPropertyName("secretName")]
    public required string SecretName { get; init; }

    /// <summary>Labels and annotations copied onto the Secret.</summary>
    [JsonPropertyName("secretTemplate")]
    public CertificateSecretTemplate? SecretTemplate { get; init; }

    /// <summary>Requested lifetime, a Go duration. cert-manager's default: 90 days (2160h).</summary>
    [JsonPropertyName("duration")]
    public string? Duration { get; init; }

    /// <summary>How long before expiry to renew, a Go duration. cert-manager's default: a third of the duration.</summary>
    [JsonPropertyName("renewBefore")]
    public string? RenewBefore { get; init; }

    /// <summary>The common name; optional and discouraged for workload identities (SANs carry the identity).</summary>
    [JsonPropertyName("commonName")]
    public string? CommonName { get; init; }

    /// <summary>DNS SANs.</summary>
    [JsonPropertyName("dnsNames")]
    public IList<string>? DnsNames { get; init; }

    /// <summary>URI SANs: the SPIFFE identity <c>spiffe://&lt;trustDomain&gt;/ns/&lt;ns&gt;/sa/&lt;sa&gt;</c>.</summary>
    [JsonPropertyName("uris")]
    public IList<string>? Uris { get; init; }

    /// <summary>The signing issuer. Required.</summary>
    [JsonPropertyName("issuerRef")]
    public required CertManagerIssuerRef IssuerRef { get; init; }

    /// <summary>The private key's shape and rotation.</summary>
    [JsonPropertyName("privateKey")]
    public CertificatePrivateKey? PrivateKey { get; init; }

    /// <summary>Key usages (see <see cref="CertificateUsages"/>). cert-manager's default: digital signature, key encipherment.</summary>
    [JsonPropertyName("usages")]
    public IList<string>? Usages { get; init; }

    /// <summary>Whether the certificate is a CA. Default: false.</summary>
    [JsonPropertyName("isCA")]
    public bool? IsCA { get; init; }
}
