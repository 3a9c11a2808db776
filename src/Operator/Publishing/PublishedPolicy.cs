using Mesh.Operator.Planning;
using Mesh.XdsServer.Model;

namespace Mesh.Operator.Publishing;

/// <summary>The last accepted config of one MeshPolicy, as it is being served.</summary>
public sealed record PublishedPolicy
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    public required long Generation { get; init; }

    public IReadOnlyList<MeshService> Services { get; init; } = [];

    public EgressPolicy Egress { get; init; } = new();

    public ObservabilityPolicy Observability { get; init; } = new();

    public string TrustDomain { get; init; } = "cluster.local";

    public MtlsMode Mtls { get; init; } = MtlsMode.Permissive;

    /// <summary>The pods of the policy's namespace (those it selects name it), for the xDS server's workload index.</summary>
    public IReadOnlyList<Workload> Workloads { get; init; } = [];

    /// <summary>Snapshot label naming this policy; its value is the published generation.</summary>
    public string Label => LabelFor(Namespace, Name);

    /// <summary>What an accepted plan publishes: its services, egress and mTLS, and the namespace's workload index.</summary>
    public static PublishedPolicy From(MeshPlan plan, NamespaceState state)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(state);
        return new PublishedPolicy
        {
            Namespace = plan.Namespace,
            Name = plan.PolicyName,
            Generation = plan.Generation,
            Services = plan.Services,
            Egress = plan.Egress,
            Observability = plan.Observability,
            TrustDomain = plan.TrustDomain,
            Mtls = plan.Mtls,
            Workloads = WorkloadIndexBuilder.Build(state, plan.PolicyName, plan.SelectedPods),
        };
    }

    public static string LabelFor(string @namespace, string name) => PolicyLabels.For(@namespace, name);
}
