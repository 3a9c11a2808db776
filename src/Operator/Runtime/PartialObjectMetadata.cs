using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Mesh.Operator.Runtime;

/// <summary>
/// An object read for its metadata alone (KubernetesClient has no PartialObjectMetadata model): an informer over
/// this type keeps only apiVersion, kind and metadata in its cache, whatever the server sends; spec and status are
/// dropped when the list or watch is deserialized.
/// </summary>
public sealed class PartialObjectMetadata : IKubernetesObject<V1ObjectMeta>
{
    // Null until read: list items carry no apiVersion or kind, and KubeApi fills the missing ones from the kind read.
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = null!;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = null!;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();
}
