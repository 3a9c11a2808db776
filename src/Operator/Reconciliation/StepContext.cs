using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.Planning;

namespace Mesh.Operator.Reconciliation;

/// <summary>What every act step reads: the policy, its namespace as gathered, and the plan made from them. Immutable.</summary>
internal sealed record StepContext
{
    /// <summary>The MeshPolicy being reconciled (from the cache).</summary>
    public required MeshPolicy Policy { get; init; }

    /// <summary>The namespace's state the plan was made from.</summary>
    public required NamespaceState State { get; init; }

    /// <summary>The plan: children wanted, model, problems.</summary>
    public required MeshPlan Plan { get; init; }

    /// <summary>The pods the policy's workload selector picks (from <see cref="State"/>).</summary>
    public IReadOnlyList<V1Pod> SelectedPods { get; init; } = [];
}
