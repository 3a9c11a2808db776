namespace Mesh.LocalCluster.Resources;

/// <summary>The built-in kinds served (shortNames and categories as kube-apiserver 1.32 reports them).</summary>
internal static class BuiltInResources
{
    /// <summary>deployments/scale, replicasets/scale, statefulsets/scale (autoscaling/v1 Scale).</summary>
    private static readonly SubresourceDefinition Scale = new("scale", "autoscaling", "v1", "Scale", ["get", "patch", "update"]);

    public static IReadOnlyList<ResourceDefinition> All { get; } =
    [
        Make("", "v1", "namespaces", "Namespace", namespaced: false, ["ns"], [], hasStatus: true),
        Make("", "v1", "pods", "Pod", namespaced: true, ["po"], ["all"], hasStatus: true) with
        {
            Subresources =
            [
                new SubresourceDefinition("eviction", "policy", "v1", "Eviction", ["create"]),
                new SubresourceDefinition("proxy", "", "v1", "PodProxyOptions", ["create", "delete", "get", "patch", "update"]),
            ],
        },
        Make("", "v1", "services", "Service", namespaced: true, ["svc"], ["all"], hasStatus: true),
        // Nodes are registered by kubelets on a cluster; local mode registers simulated ones.
        Make("", "v1", "nodes", "Node", namespaced: false, ["no"], [], hasStatus: true),
        Make("", "v1", "replicationcontrollers", "ReplicationController", namespaced: true, ["rc"], ["all"], hasStatus: true) with { Subresources = [Scale] },
        Make("", "v1", "serviceaccounts", "ServiceAccount", namespaced: true, ["sa"], [], hasStatus: false),
        Make("", "v1", "secrets", "Secret", namespaced: true, [], [], hasStatus: false),
        Make("", "v1", "configmaps", "ConfigMap", namespaced: true, ["cm"], [], hasStatus: false),
        Make("", "v1", "events", "Event", namespaced: true, ["ev"], [], hasStatus: false),
        Make("", "v1", "endpoints", "Endpoints", namespaced: true, ["ep"], [], hasStatus: false),
        Make("apps", "v1", "deployments", "Deployment", namespaced: true, ["deploy"], ["all"], hasStatus: true) with { Subresources = [Scale] },
        Make("apps", "v1", "statefulsets", "StatefulSet", namespaced: true, ["sts"], ["all"], hasStatus: true) with { Subresources = [Scale] },
        Make("apps", "v1", "daemonsets", "DaemonSet", namespaced: true, ["ds"], ["all"], hasStatus: true),
        Make("apps", "v1", "replicasets", "ReplicaSet", namespaced: true, ["rs"], ["all"], hasStatus: true) with { Subresources = [Scale] },
        Make("batch", "v1", "jobs", "Job", namespaced: true, [], ["all"], hasStatus: true),
        Make("batch", "v1", "cronjobs", "CronJob", namespaced: true, ["cj"], ["all"], hasStatus: true),
        Make("rbac.authorization.k8s.io", "v1", "roles", "Role", namespaced: true, [], [], hasStatus: false),
        Make("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", namespaced: true, [], [], hasStatus: false),
        Make("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", namespaced: false, [], [], hasStatus: false),
        Make("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", namespaced: false, [], [], hasStatus: false),
        Make("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", namespaced: true, [], [], hasStatus: false),
        Make("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", namespaced: true, ["netpol"], [], hasStatus: false),
        Make("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", namespaced: true, ["pdb"], [], hasStatus: true),
        Make("coordination.k8s.io", "v1", "leases", "Lease", namespaced: true, [], [], hasStatus: false),
        Make("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration",
            namespaced: false, [], ["api-extensions"], hasStatus: false),
        Make("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", "ValidatingWebhookConfiguration",
            namespaced: false, [], ["api-extensions"], hasStatus: false),
        Make("admissionregistration.k8s.io", "v1", "validatingadmissionpolicies", "ValidatingAdmissionPolicy",
            namespaced: false, [], ["api-extensions"], hasStatus: true),
        Make("admissionregistration.k8s.io", "v1", "validatingadmissionpolicybindings", "ValidatingAdmissionPolicyBinding",
            namespaced: false, [], ["api-extensions"], hasStatus: false),
        Make("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition",
            namespaced: false, ["crd", "crds"], ["api-extensions"], hasStatus: true),
        Make("events.k8s.io", "v1", "events", "Event", namespaced: true, ["ev"], [], hasStatus: false) with
        {
            StorageKey = new ResourceTypeKey("", "events"),
            Converter = EventsV1Converter.Instance,
        },
    ];

    /// <summary>Groups in the order discovery lists them.</summary>
    public static IReadOnlyList<string> GroupOrder { get; } =
    [
        "", "apps", "events.k8s.io", "batch", "rbac.authorization.k8s.io", "coordination.k8s.io", "discovery.k8s.io", "networking.k8s.io",
        "policy", "admissionregistration.k8s.io", "apiextensions.k8s.io",
    ];

    private static ResourceDefinition Make(
        string group, string version, string plural, string kind, bool namespaced,
        string[] shortNames, string[] categories, bool hasStatus) => new()
        {
            Group = group,
            Version = version,
            Plural = plural,
            Singular = kind.ToLowerInvariant(),
            Kind = kind,
            Namespaced = namespaced,
            ShortNames = shortNames,
            Categories = categories,
            HasStatus = hasStatus,
            StorageKey = new ResourceTypeKey(group, plural),
        };
}
