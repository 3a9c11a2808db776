using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>One status condition, field for field metav1.Condition (so kubectl, Argo CD and kstatus read it).</summary>
public sealed record Condition
{
    /// <summary>The condition type, UpperCamelCase; see <see cref="ConditionTypes"/>. Required.</summary>
    [JsonPropertyName("type")]
    [Length(Min = 1, Max = 316)]
    [Pattern("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$")]
    public required string Type { get; init; }

    /// <summary>True, False or Unknown; see <see cref="ConditionStatus"/>. Required.</summary>
    [JsonPropertyName("status")]
    [Enum(ConditionStatus.True, ConditionStatus.False, ConditionStatus.Unknown)]
    public required string Status { get; init; }

    /// <summary>The metadata.generation the condition was set for.</summary>
    [JsonPropertyName("observedGeneration")]
    [Minimum(0)]
    public long? ObservedGeneration { get; init; }

    /// <summary>When <see cref="Status"/> last changed (not when the condition was last written). Required.</summary>
    [JsonPropertyName("lastTransitionTime")]
    [Format("date-time")]
    public required DateTime LastTransitionTime { get; init; }

    /// <summary>A machine-readable UpperCamelCase reason; see <see cref="ConditionReasons"/>. Required.</summary>
    [JsonPropertyName("reason")]
    [Length(Min = 1, Max = 1024)]
    [Pattern("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$")]
    public required string Reason { get; init; }

    /// <summary>A sentence for humans, naming the field path and the fix when something is wrong. Required, may be empty.</summary>
    [JsonPropertyName("message")]
    [Length(Max = 32768)]
    public required string Message { get; init; }
}
