using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities.CertManager;

/// <summary>A cert-manager condition (CertificateCondition, IssuerCondition): reason and message may be absent.</summary>
public sealed record CertManagerCondition
{
    /// <summary>The type, for example <c>Ready</c>. Required.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>True, False or Unknown. Required.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    /// <summary>When the status last changed.</summary>
    [JsonPropertyName("lastTransitionTime")]
    public DateTime? LastTransitionTime { get; init; }

    /// <summary>A machine-readable reason.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    /// <summary>A human-readable message.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; init; }

    /// <summary>The generation the condition was set for.</summary>
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; init; }
}
