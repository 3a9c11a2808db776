using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities.CertManager;

/// <summary>cert-manager's ACMEIssuer, minimal (solvers are not modelled: Mesh never writes issuers).</summary>
public sealed record AcmeIssuer
{
    /// <summary>The ACME directory URL. Required.</summary>
    [JsonPropertyName("server")]
    public required string Server { get; init; }

    /// <summary>The account email.</summary>
    [JsonPropertyName("email")]
    public string? Email { get; init; }

    /// <summary>The Secret holding the account key. Required.</summary>
    [JsonPropertyName("privateKeySecretRef")]
    public required SecretKeySelector PrivateKeySecretRef { get; init; }

    /// <summary>Skip TLS verification of the ACME server.</summary>
    [JsonPropertyName("skipTLSVerify")]
    public bool? SkipTlsVerify { get; init; }
}
