namespace Mesh.Operator.NetworkPolicies;

/// <summary>Operator-level facts the NetworkPolicy compiler needs (not part of the MeshPolicy spec).</summary>
public sealed record NetworkPolicyOptions
{
    /// <summary>Namespace of mesh-operator (xDS and CA). Default <c>mesh-system</c>.</summary>
    public string OperatorNamespace { get; init; } = "mesh-system";

    /// <summary>Labels of the operator pods. Default <c>app.kubernetes.io/name: mesh-operator</c>.</summary>
    public IReadOnlyDictionary<string, string> OperatorPodLabels { get; init; } =
        new Dictionary<string, string> { ["app.kubernetes.io/name"] = "mesh-operator" };

    /// <summary>The operator's xDS/CA ports: 15010 plaintext xDS, 15012 xDS over TLS (Istio's numbers).</summary>
    public IReadOnlyList<int> OperatorPorts { get; init; } = [15010, 15012];

    /// <summary>The sidecar's inbound capture port. Default 15006.</summary>
    public int SidecarInboundPort { get; init; } = 15006;

    /// <summary>The sidecar's health port probed by kubelet. Default 15021.</summary>
    public int SidecarHealthPort { get; init; } = 15021;

    /// <summary>The sidecar's Prometheus port. Default 15090.</summary>
    public int SidecarMetricsPort { get; init; } = 15090;

    /// <summary>Namespace of the cluster DNS. Default <c>kube-system</c>.</summary>
    public string DnsNamespace { get; init; } = "kube-system";

    /// <summary>Labels of the cluster DNS pods. Default <c>k8s-app: kube-dns</c> (CoreDNS keeps that label).</summary>
    public IReadOnlyDictionary<string, string> DnsPodLabels { get; init; } =
        new Dictionary<string, string> { ["k8s-app"] = "kube-dns" };
}
