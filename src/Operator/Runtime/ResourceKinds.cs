namespace Mesh.Operator.Runtime;

/// <summary>The kinds the operator reads or writes.</summary>
public static class ResourceKinds
{
    public static ResourceKind MeshPolicy { get; } = new() { Group = "mesh.dev", Version = "v1alpha1", Plural = "meshpolicies", Kind = "MeshPolicy" };

    public static ResourceKind Service { get; } = new() { Group = "", Version = "v1", Plural = "services", Kind = "Service" };

    public static ResourceKind Pod { get; } = new() { Group = "", Version = "v1", Plural = "pods", Kind = "Pod" };

    /// <summary>
    /// Secrets, informed only when they carry <c>app.kubernetes.io/managed-by=mesh-operator</c>: the root CA and the
    /// built-in CA's workload Secrets, the only ones any controller reads from the cache (cert-manager-issued Secrets are
    /// followed through their Certificates, the webhook's serving Secret is read directly).
    /// </summary>
    public static ResourceKind Secret { get; } = new()
    {
        Group = "",
        Version = "v1",
        Plural = "secrets",
        Kind = "Secret",
        InformerLabelSelector = $"{Certificates.CertificateNames.ManagedByLabel}={Certificates.CertificateNames.ManagedByValue}",
    };

    public static ResourceKind ConfigMap { get; } = new() { Group = "", Version = "v1", Plural = "configmaps", Kind = "ConfigMap" };

    public static ResourceKind ServiceAccount { get; } = new() { Group = "", Version = "v1", Plural = "serviceaccounts", Kind = "ServiceAccount" };

    public static ResourceKind Event { get; } = new() { Group = "", Version = "v1", Plural = "events", Kind = "Event" };

    public static ResourceKind Namespace { get; } = new() { Group = "", Version = "v1", Plural = "namespaces", Kind = "Namespace", Namespaced = false };

    public static ResourceKind EndpointSlice { get; } = new() { Group = "discovery.k8s.io", Version = "v1", Plural = "endpointslices", Kind = "EndpointSlice" };

    public static ResourceKind Deployment { get; } = new() { Group = "apps", Version = "v1", Plural = "deployments", Kind = "Deployment" };

    public static ResourceKind NetworkPolicy { get; } = new() { Group = "networking.k8s.io", Version = "v1", Plural = "networkpolicies", Kind = "NetworkPolicy" };

    /// <summary>v1 Nodes: their topology.kubernetes.io/zone label is a pod's zone (NodeZones); local mode registers simulated ones.</summary>
    public static ResourceKind Node { get; } = new() { Group = "", Version = "v1", Plural = "nodes", Kind = "Node", Namespaced = false };

    public static ResourceKind Lease { get; } = new() { Group = "coordination.k8s.io", Version = "v1", Plural = "leases", Kind = "Lease" };

    public static ResourceKind CustomResourceDefinition { get; } = new() { Group = "apiextensions.k8s.io", Version = "v1", Plural = "customresourcedefinitions", Kind = "CustomResourceDefinition", Namespaced = false };
}
