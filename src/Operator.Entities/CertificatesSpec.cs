using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>Workload certificates: one per service account.</summary>
[CelRule("(has(self.provider) && self.provider == 'CertManager') == has(self.issuerRef)",
    "issuerRef is required when provider is CertManager and forbidden otherwise",
    FieldPath = ".issuerRef", Name = "issuer-ref-iff-cert-manager")]
[CelRule("!has(self.renewBefore) || duration(self.renewBefore) < (has(self.duration) ? duration(self.duration) : duration('24h'))",
    "renewBefore must be shorter than duration (default 24h)",
    FieldPath = ".renewBefore", Name = "renew-before-shorter-than-duration")]
public sealed record CertificatesSpec
{
    /// <summary>Who signs workload certificates. Default: <see cref="CertificateProvider.BuiltIn"/>.</summary>
    [JsonPropertyName("provider")]
    public CertificateProvider? Provider { get; init; }

    /// <summary>The cert-manager issuer to use; required exactly when <see cref="Provider"/> is CertManager. Default: none.</summary>
    [JsonPropertyName("issuerRef")]
    public IssuerReference? IssuerRef { get; init; }

    /// <summary>Certificate lifetime, a Go duration. Default: <c>24h</c>.</summary>
    [JsonPropertyName("duration")]
    [Duration]
    public string? Duration { get; init; }

    /// <summary>How long before expiry the certificate is renewed, a Go duration. Default: half of <see cref="Duration"/> (<c>12h</c>).</summary>
    [JsonPropertyName("renewBefore")]
    [Duration]
    public string? RenewBefore { get; init; }
}
