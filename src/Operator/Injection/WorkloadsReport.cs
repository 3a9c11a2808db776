using k8s.Models;
using Mesh.Operator.Entities;

namespace Mesh.Operator.Injection;

/// <summary>The evaluator's verdict: the WorkloadsReady condition, the counts for status.workloads, and the pods to restart.</summary>
public sealed record WorkloadsReport
{
    public required string Status { get; init; }

    public required string Reason { get; init; }

    public required string Message { get; init; }

    public WorkloadsStatus Counts { get; init; } = new();

    /// <summary>Pods this policy governs, running or starting (not terminating, not finished).</summary>
    public IReadOnlyList<V1Pod> Governed { get; init; } = [];

    /// <summary>Governed pods whose restart would give them the current sidecar: without one (and injectable), or outdated.</summary>
    public IReadOnlyList<V1Pod> NeedRestart { get; init; } = [];

    /// <summary>Selected pods that are terminating (an eviction or a rollout in flight).</summary>
    public IReadOnlyList<V1Pod> Terminating { get; init; } = [];
}
