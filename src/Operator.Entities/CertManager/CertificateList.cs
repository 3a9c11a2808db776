using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Mesh.Operator.Entities.CertManager;

/// <summary>A list of <see cref="Certificate"/> as returned by a list call.</summary>
public sealed class CertificateList : IKubernetesObject<V1ListMeta>, IItems<Certificate>
{
    /// <summary>Always <c>cert-manager.io/v1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = Certificate.KubeGroup + "/" + Certificate.KubeApiVersion;

    /// <summary>Always <c>CertificateList</c>.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "CertificateList";

    /// <summary>List metadata.</summary>
    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    /// <summary>The items; never null.</summary>
    [JsonPropertyName("items")]
    public IList<Certificate> Items { get; set; } = [];
}
