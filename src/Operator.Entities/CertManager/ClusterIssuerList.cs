using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Mesh.Operator.Entities.CertManager;

/// <summary>A list of <see cref="ClusterIssuer"/> as returned by a list call.</summary>
public sealed class ClusterIssuerList : IKubernetesObject<V1ListMeta>, IItems<ClusterIssuer>
{
    /// <summary>Always <c>cert-manager.io/v1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = Certificate.KubeGroup + "/" + Certificate.KubeApiVersion;

    /// <summary>Always <c>ClusterIssuerList</c>.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "ClusterIssuerList";

    /// <summary>List metadata.</summary>
    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    /// <summary>The items; never null.</summary>
    [JsonPropertyName("items")]
    public IList<ClusterIssuer> Items { get; set; } = [];
}
