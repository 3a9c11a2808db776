using Mesh.Operator.Reconciliation;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Hosting;

/// <summary>
/// Every API call cluster mode makes, as RBAC rules: the one source of truth for config/rbac. A test compares
/// <see cref="ClusterWide"/> with config/rbac/cluster_role.yaml and <see cref="LeaderElection"/> with
/// leader_election_role.yaml, and another runs the operator against the embedded API and checks that every request it
/// sent is granted here. Local mode's stand-ins (simulated pods, the cert-manager stand-in) are not cluster code and
/// need nothing here.
/// </summary>
public static class OperatorPermissions
{
    /// <summary>The ClusterRole mesh-operator: MeshPolicies and what they govern live in any namespace.</summary>
    public static IReadOnlyList<PermissionRule> ClusterWide { get; } =
    [
        Rule(ResourceKinds.MeshPolicy, ["list", "watch"], "informer (MeshPolicyControllerSetup: manager.For<MeshPolicy>); spec and metadata are never written"),
        Rule(ResourceKinds.MeshPolicy, "status", ["patch"], "MeshPolicyReconciler writes conditions with a merge patch on /status"),
        Rule(ResourceKinds.MeshPolicy, "finalizers", ["update"],
            "ChildApplier sets blockOwnerDeletion on children's owner references, which the OwnerReferencesPermissionEnforcement admission plugin allows only with this"),
        Rule(ResourceKinds.Service, ["list", "watch"], "informer: which Services a policy governs"),
        Rule(ResourceKinds.Pod, ["list", "watch"], "informer: which pods a selector selects and whether they run the sidecar"),
        Rule(ResourceKinds.EndpointSlice, ["list", "watch"], "informer: the endpoints sent over EDS"),
        Rule(ResourceKinds.Node, ["list", "watch"], "informer (NamespaceGatherer): a pod's zone from its Node's topology.kubernetes.io/zone label when its endpoints carry none"),
        Rule(ResourceKinds.Secret, ["list", "watch", "get", "create", "update", "patch", "delete"],
            "informer over Secrets (Owns<V1Secret>); CertificateStep creates and replaces the root CA Secret; ChildApplier creates, reads back after a conflict, patches and prunes workload certificate Secrets"),
        Rule(ResourceKinds.Namespace, ["get"],
            "CertificateStep checks that the operator namespace exists before writing the root CA Secret (it creates it only when missing, which the install never lets happen)"),
        Rule(ResourceKinds.NetworkPolicy, ["list", "watch", "get", "create", "patch", "delete"],
            "informer (Owns<V1NetworkPolicy>); NetworkPolicyStep applies (ChildApplier: create, get after a conflict, merge patch) and prunes"),
        Rule(CertificateKinds.Certificate, ["list", "watch", "get", "create", "patch", "delete"],
            "informer (Owns<Certificate>); CertificateStep applies and prunes cert-manager Certificates through ChildApplier"),
        Rule(CertificateKinds.Issuer, ["list", "watch"], "informer: the issuerRef exists and is Ready (never written)"),
        Rule(CertificateKinds.ClusterIssuer, ["list", "watch"], "informer: the issuerRef exists and is Ready (never written)"),
        Rule(ResourceKinds.Event, ["create", "patch"], "KubeEventRecorder creates core/v1 Events and merge-patches the count of a repeated one"),
        Rule(ResourceKinds.Pod, "eviction", ["create"],
            "WorkloadsStep (restartOnChange) evicts one out-of-date pod at a time through the Eviction API, so PodDisruptionBudgets decide; no Deployment is read or written"),
        Rule(ResourceKinds.ConfigMap, ["list", "watch", "get", "create", "patch", "delete"],
            "informer (Owns<V1ConfigMap>); BootstrapStep applies the namespace's sidecar bootstrap ConfigMap through ChildApplier and prunes it with its policy"),
        Rule(Injection.WebhookKinds.MutatingWebhookConfiguration, ["list", "watch", "patch"],
            "CaBundleKeeper watches mesh-sidecar-injector and JSON-patches only webhooks[*].clientConfig.caBundle when it differs from the root CA"),
        Rule(Injection.WebhookKinds.ValidatingWebhookConfiguration, ["list", "watch", "patch"],
            "CaBundleKeeper watches mesh-policy-validator and JSON-patches only webhooks[*].clientConfig.caBundle when it differs from the root CA"),
        Rule(ResourceKinds.Lease, ["list", "watch"],
            "informer over Leases: the leader reads every replica's xDS status Lease (mesh-xds-status-*) to count the proxies connected elsewhere"),
    ];

    /// <summary>The Role mesh-operator-leader-election in the operator's namespace.</summary>
    public static IReadOnlyList<PermissionRule> LeaderElection { get; } =
    [
        Rule(ResourceKinds.Lease, ["get", "create", "update", "delete"],
            "LeaderElection: k8s LeaderElector with a LeaseLock reads, creates and renews (replaces) the Lease; ReplicaStatusWriter writes this replica's xDS status Lease the same way and deletes it on shutdown"),
    ];

    private static PermissionRule Rule(ResourceKind kind, string[] verbs, string why) => new()
    {
        Group = kind.Group,
        Resource = kind.Plural,
        Verbs = verbs,
        Why = why,
    };

    private static PermissionRule Rule(ResourceKind kind, string subresource, string[] verbs, string why) =>
        Rule(kind, verbs, why) with { Resource = $"{kind.Plural}/{subresource}" };
}
