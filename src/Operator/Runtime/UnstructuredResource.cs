using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Mesh.Operator.Runtime;

/// <summary>Any object with typed metadata and free-form spec and status, for kinds without a C# model.</summary>
public sealed class UnstructuredResource : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public JsonNode? Spec { get; set; }

    [JsonPropertyName("status")]
    public JsonNode? Status { get; set; }
}
