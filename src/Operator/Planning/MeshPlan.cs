using Mesh.XdsServer.Model;

namespace Mesh.Operator.Planning;

/// <summary>
/// What one MeshPolicy means, given the namespace as it is: the mesh model for the xDS server, the workloads and
/// identities it covers, and every problem found. The planner's whole output; acting on it is someone else's job.
/// </summary>
public sealed record MeshPlan
{
    public required string Namespace { get; init; }

    public required string PolicyName { get; init; }

    public long Generation { get; init; }

    /// <summary>Every problem, errors and warnings, in spec order.</summary>
    public IReadOnlyList<PlanProblem> Problems { get; init; } = [];

    /// <summary>The governed Services in model form. Built even when the plan has errors; publishing is gated on <see cref="IsAccepted"/>.</summary>
    public IReadOnlyList<MeshService> Services { get; init; } = [];

    /// <summary>Names of the pods the workload selector picks and no older policy of the namespace also picks.</summary>
    public IReadOnlyList<string> SelectedPods { get; init; } = [];

    /// <summary>One identity per ServiceAccount used by a selected pod: the certificates to issue.</summary>
    public IReadOnlyList<WorkloadIdentity> Identities { get; init; } = [];

    public string TrustDomain { get; init; } = "cluster.local";

    /// <summary>The policy's mTLS mode (Disabled also means its proxies call plaintext).</summary>
    public MtlsMode Mtls { get; init; } = MtlsMode.Permissive;

    public EgressPolicy Egress { get; init; } = new();

    /// <summary>Access log and tracing of the namespace's sidecars.</summary>
    public ObservabilityPolicy Observability { get; init; } = new();

    /// <summary>The children to exist (certificates, NetworkPolicies, ...), filled by the reconciler's child planning.</summary>
    public PlannedChildren Children { get; init; } = new();

    public bool IsAccepted => Problems.All(p => p.Severity != ProblemSeverity.Error);

    public IEnumerable<PlanProblem> Errors => Problems.Where(p => p.Severity == ProblemSeverity.Error);

    public IEnumerable<PlanProblem> Warnings => Problems.Where(p => p.Severity == ProblemSeverity.Warning);
}
