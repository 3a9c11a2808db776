using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities.CertManager;

/// <summary>cert-manager's IssuerStatus, the part Mesh reads.</summary>
public sealed record IssuerStatus
{
    /// <summary>Conditions; <c>Ready=True</c> means the issuer can sign.</summary>
    [JsonPropertyName("conditions")]
    public IList<CertManagerCondition>? Conditions { get; init; }
}
