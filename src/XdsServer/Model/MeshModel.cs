namespace Mesh.XdsServer.Model;

/// <summary>
/// Everything the translator needs to know about the mesh: the translator's only input (never Kubernetes objects).
/// Built by the operator's planner from MeshPolicies and the cluster state; immutable once built.
/// </summary>
public sealed record MeshModel
{
    /// <summary>
    /// Identifies this content: two models with the same version must be equal. The translation cache is keyed by it,
    /// so the planner sets a content hash (or a counter bumped on every change). Default empty: no caching across calls.
    /// </summary>
    public string Version { get; init; } = "";

    /// <summary>SPIFFE trust domain of every workload identity. Default <c>cluster.local</c>.</summary>
    public string TrustDomain { get; init; } = "cluster.local";

    /// <summary>Every service of the mesh, in any order (the translator sorts). Default none.</summary>
    public IReadOnlyList<MeshService> Services { get; init; } = [];

    /// <summary>
    /// The workload index: every pod a sidecar may run in. A sidecar's node id is resolved against it to the proxy's
    /// scope; a node naming no pod here gets an empty config until its pod appears. Default none.
    /// </summary>
    public IReadOnlyList<Workload> Workloads { get; init; } = [];

    /// <summary>The MeshPolicies whose config the model holds, with their served generations. Default none.</summary>
    public IReadOnlyList<MeshPolicyRef> Policies { get; init; } = [];

    /// <summary>
    /// The mTLS mode of each namespace's policy, which also decides how its proxies call out: a Disabled namespace holds
    /// no certificates, so its proxies call every service in plaintext. A namespace missing here counts as Permissive.
    /// </summary>
    public IReadOnlyDictionary<string, MtlsMode> MtlsByNamespace { get; init; } = new Dictionary<string, MtlsMode>();

    /// <summary>Egress policy per namespace of the calling proxy; a namespace missing here gets <see cref="DefaultEgress"/>.</summary>
    public IReadOnlyDictionary<string, EgressPolicy> EgressByNamespace { get; init; } = new Dictionary<string, EgressPolicy>();

    /// <summary>Egress policy of namespaces without their own. Default AllowAny (safe while a namespace migrates in).</summary>
    public EgressPolicy DefaultEgress { get; init; } = new();

    /// <summary>Telemetry of the sidecars per namespace; a namespace missing here gets none (no access log, no tracing).</summary>
    public IReadOnlyDictionary<string, ObservabilityPolicy> ObservabilityByNamespace { get; init; } = new Dictionary<string, ObservabilityPolicy>();

    /// <summary>The telemetry settings of proxies in <paramref name="ns"/>.</summary>
    public ObservabilityPolicy ObservabilityFor(string ns) =>
        ObservabilityByNamespace.TryGetValue(ns, out var policy) ? policy : NoObservability;

    private static readonly ObservabilityPolicy NoObservability = new();

    /// <summary>The mTLS mode of the policy governing <paramref name="ns"/> (Permissive when none does).</summary>
    public MtlsMode MtlsFor(string ns) => MtlsByNamespace.TryGetValue(ns, out var mode) ? mode : MtlsMode.Permissive;

    /// <summary>The egress policy that applies to proxies in <paramref name="ns"/>.</summary>
    public EgressPolicy EgressFor(string ns) => EgressByNamespace.TryGetValue(ns, out var policy) ? policy : DefaultEgress;
}
