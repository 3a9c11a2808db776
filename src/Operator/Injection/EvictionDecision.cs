using k8s.Models;

namespace Mesh.Operator.Injection;

/// <summary>What restartOnChange does now: evict one pod, or wait (and why, and until when if time alone will change it).</summary>
public sealed record EvictionDecision
{
    public static EvictionDecision Nothing { get; } = new();

    /// <summary>The pod to evict now, or null.</summary>
    public V1Pod? Evict { get; init; }

    /// <summary>Why nothing is evicted while pods still need a restart (a sentence), or null.</summary>
    public string? Waiting { get; init; }

    /// <summary>When to look again if no event would wake the policy (a grace period ending).</summary>
    public DateTimeOffset? RecheckAt { get; init; }
}
