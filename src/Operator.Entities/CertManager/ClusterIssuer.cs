using k8s.Models;

namespace Mesh.Operator.Entities.CertManager;

/// <summary>A cert-manager.io/v1 ClusterIssuer (cluster-scoped).</summary>
[KubernetesEntity(Group = Certificate.KubeGroup, ApiVersion = Certificate.KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
public sealed class ClusterIssuer() : IssuerResource(KubeKind)
{
    /// <summary>The kind.</summary>
    public const string KubeKind = "ClusterIssuer";

    /// <summary>The plural resource name.</summary>
    public const string KubePluralName = "clusterissuers";
}
