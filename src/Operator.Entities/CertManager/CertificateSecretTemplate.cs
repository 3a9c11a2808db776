using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities.CertManager;

/// <summary>Labels and annotations cert-manager copies onto a Certificate's Secret.</summary>
public sealed record CertificateSecretTemplate
{
    /// <summary>Labels for the Secret.</summary>
    [JsonPropertyName("labels")]
    public IDictionary<string, string>? Labels { get; init; }

    /// <summary>Annotations for the Secret.</summary>
    [JsonPropertyName("annotations")]
    public IDictionary<string, string>? Annotations { get; init; }
}
