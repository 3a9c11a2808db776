using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities.CertManager;

/// <summary>cert-manager's issuer reference (cmmeta.ObjectReference).</summary>
public sealed record CertManagerIssuerRef
{
    /// <summary>The issuer name. Required.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary><c>Issuer</c> or <c>ClusterIssuer</c> (or an external issuer's kind). cert-manager's default: Issuer.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    /// <summary>The issuer's API group. cert-manager's default: cert-manager.io.</summary>
    [JsonPropertyName("group")]
    public string? Group { get; init; }
}
