using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Mesh.Operator.Entities;

/// <summary>A list of <see cref="MeshPolicy"/> as returned by a list call.</summary>
public sealed class MeshPolicyList : IKubernetesObject<V1ListMeta>, IItems<MeshPolicy>
{
    /// <summary>Always <c>mesh.dev/v1alpha1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = MeshPolicy.KubeGroupVersion;

    /// <summary>Always <c>MeshPolicyList</c>.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = MeshPolicy.KubeKind + "List";

    /// <summary>List metadata: the resourceVersion to watch from, and the continue token.</summary>
    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    /// <summary>The policies; never null.</summary>
    [JsonPropertyName("items")]
    public IList<MeshPolicy> Items { get; set; } = [];
}
