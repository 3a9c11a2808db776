using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities.CertManager;

/// <summary>cert-manager's SelfSignedIssuer.</summary>
public sealed record SelfSignedIssuer
{
    /// <summary>CRL distribution point URLs put into issued certificates.</summary>
    [JsonPropertyName("crlDistributionPoints")]
    public IList<string>? CrlDistributionPoints { get; init; }
}
