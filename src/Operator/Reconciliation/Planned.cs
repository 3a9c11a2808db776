using Mesh.Operator.Entities;
using Mesh.Operator.Planning;
using Mesh.Operator.Publishing;

namespace Mesh.Operator.Reconciliation;

/// <summary>One policy's plan and what it publishes (null when not accepted), from the namespace state gathered at
/// <paramref name="Stamp"/>. Compared by reference: a new instance means something was planned again.</summary>
internal sealed class Planned(GatherStamp stamp, MeshPolicy policy, NamespaceState state, MeshPlan plan, PublishedPolicy? published)
{
    public GatherStamp Stamp { get; } = stamp;

    public MeshPolicy Policy { get; } = policy;

    public NamespaceState State { get; } = state;

    public MeshPlan Plan { get; } = plan;

    public PublishedPolicy? Published { get; } = published;
}
