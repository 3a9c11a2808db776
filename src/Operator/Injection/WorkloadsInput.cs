using k8s.Models;
using Mesh.Operator.Entities;

namespace Mesh.Operator.Injection;

/// <summary>What WorkloadsReady is computed from: one policy, its namespace's policies and pods, the current template hash.</summary>
public sealed record WorkloadsInput
{
    public required MeshPolicy Policy { get; init; }

    /// <summary>Every MeshPolicy of the namespace (to tell which older one governs a pod).</summary>
    public IReadOnlyList<MeshPolicy> NamespacePolicies { get; init; } = [];

    /// <summary>Every pod of the namespace, terminating ones included (an eviction in flight shows as one).</summary>
    public IReadOnlyList<V1Pod> Pods { get; init; } = [];

    /// <summary>The hash of the policy's sidecar template as the injector computes it now.</summary>
    public required string CurrentHash { get; init; }
}
