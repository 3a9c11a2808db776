using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities.CertManager;

/// <summary>cert-manager's CertificateStatus, the fields Mesh reads.</summary>
public sealed record CertificateStatus
{
    /// <summary>Conditions; <c>Ready</c> and <c>Issuing</c> matter (see <see cref="CertManagerConditionTypes"/>).</summary>
    [JsonPropertyName("conditions")]
    public IList<CertManagerCondition>? Conditions { get; init; }

    /// <summary>The issued certificate's notBefore.</summary>
    [JsonPropertyName("notBefore")]
    public DateTime? NotBefore { get; init; }

    /// <summary>The issued certificate's notAfter.</summary>
    [JsonPropertyName("notAfter")]
    public DateTime? NotAfter { get; init; }

    /// <summary>When cert-manager will renew.</summary>
    [JsonPropertyName("renewalTime")]
    public DateTime? RenewalTime { get; init; }

    /// <summary>The issuance count (CertificateRequest revision).</summary>
    [JsonPropertyName("revision")]
    public int? Revision { get; init; }

    /// <summary>The Secret holding the next private key while issuing.</summary>
    [JsonPropertyName("nextPrivateKeySecretName")]
    public string? NextPrivateKeySecretName { get; init; }

    /// <summary>Consecutive failed issuances.</summary>
    [JsonPropertyName("failedIssuanceAttempts")]
    public int? FailedIssuanceAttempts { get; init; }

    /// <summary>When the last issuance failed.</summary>
    [JsonPropertyName("lastFailureTime")]
    public DateTime? LastFailureTime { get; init; }
}
