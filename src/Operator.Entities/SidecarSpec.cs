using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>The Envoy sidecar injected into selected pods.</summary>
public sealed record SidecarSpec
{
    /// <summary>The Envoy image. Default (absent or empty): the pinned envoyproxy/envoy release from the operator's configuration.</summary>
    [JsonPropertyName("image")]
    [Length(Max = 512)]
    public string? Image { get; init; }

    /// <summary>Compute resources of the sidecar container. Default: requests 50m CPU and 64Mi memory, no limits.</summary>
    [JsonPropertyName("resources")]
    public SidecarResources? Resources { get; init; }

    /// <summary>
    /// Inject as a KEP-753 native sidecar (an init container with restartPolicy Always): it starts before the app and ends
    /// after it, so Jobs complete. Default: true.
    /// </summary>
    [JsonPropertyName("native")]
    public bool? Native { get; init; }
}
