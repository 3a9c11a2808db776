using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Mesh.Operator.Entities.CertManager;

/// <summary>A list of <see cref="Issuer"/> as returned by a list call.</summary>
public sealed class IssuerList : IKubernetesObject<V1ListMeta>, IItems<Issuer>
{
    /// <summary>Always <c>cert-manager.io/v1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = Certificate.KubeGroup + "/" + Certificate.KubeApiVersion;

    /// <summary>Always <c>IssuerList</c>.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "IssuerList";

    /// <summary>List metadata.</summary>
    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    /// <summary>The items; never null.</summary>
    [JsonPropertyName("items")]
    public IList<Issuer> Items { get; set; } = [];
}
