using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities.CertManager;

/// <summary>cert-manager's CertificatePrivateKey. Values are strings, not enums, so that a newer cert-manager value never breaks reading.</summary>
public sealed record CertificatePrivateKey
{
    /// <summary><c>RSA</c>, <c>ECDSA</c> or <c>Ed25519</c>. cert-manager's default: RSA.</summary>
    [JsonPropertyName("algorithm")]
    public string? Algorithm { get; init; }

    /// <summary>Key size: RSA bits (2048, 3072, 4096) or ECDSA curve (256, 384, 521).</summary>
    [JsonPropertyName("size")]
    public int? Size { get; init; }

    /// <summary><c>PKCS1</c> or <c>PKCS8</c>. cert-manager's default: PKCS1.</summary>
    [JsonPropertyName("encoding")]
    public string? Encoding { get; init; }

    /// <summary><c>Never</c> or <c>Always</c> (a new key on each issuance). cert-manager 1.18+ default: Always.</summary>
    [JsonPropertyName("rotationPolicy")]
    public string? RotationPolicy { get; init; }
}
