using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Mesh.Operator.Entities.CertManager;

/// <summary>A cert-manager.io/v1 ClusterIssuer (cluster-scoped): the fields Mesh reads to tell whether it can sign.</summary>
[KubernetesEntity(Group = Certificate.KubeGroup, ApiVersion = Certificate.KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
public sealed class ClusterIssuer : IKubernetesObject<V1ObjectMeta>, ISpec<IssuerSpec>, IStatus<IssuerStatus?>
{
    /// <summary>The kind.</summary>
    public const string KubeKind = "ClusterIssuer";

    /// <summary>The plural resource name.</summary>
    public const string KubePluralName = "clusterissuers";

    /// <summary>Always <c>cert-manager.io/v1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = Certificate.KubeGroup + "/" + Certificate.KubeApiVersion;

    /// <summary>Always <c>ClusterIssuer</c>.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KubeKind;

    /// <summary>Object metadata.</summary>
    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>How it signs: exactly one of ca, selfSigned, acme (or another type Mesh does not model).</summary>
    [JsonPropertyName("spec")]
    public IssuerSpec Spec { get; set; } = new();

    /// <summary>What cert-manager reports; null until it does.</summary>
    [JsonPropertyName("status")]
    public IssuerStatus? Status { get; set; }
}
