using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities.CertManager;

/// <summary>cert-manager's CAIssuer.</summary>
public sealed record CaIssuer
{
    /// <summary>The Secret holding the CA's tls.crt and tls.key. Required.</summary>
    [JsonPropertyName("secretName")]
    public required string SecretName { get; init; }

    /// <summary>CRL distribution point URLs put into issued certificates.</summary>
    [JsonPropertyName("crlDistributionPoints")]
    public IList<string>? CrlDistributionPoints { get; init; }
}
