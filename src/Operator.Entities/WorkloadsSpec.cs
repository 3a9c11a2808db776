using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities;

/// <summary>Which pods join the mesh (a sidecar is injected into them) and how.</summary>
public sealed record WorkloadsSpec
{
    /// <summary>Label selector over the pods of the namespace. Default (absent or empty): every pod of the namespace.</summary>
    [JsonPropertyName("selector")]
    public LabelSelector? Selector { get; init; }

    /// <summary>The injected sidecar. Default: the operator's pinned Envoy image, requests 50m CPU / 64Mi memory, native.</summary>
    [JsonPropertyName("sidecar")]
    public SidecarSpec? Sidecar { get; init; }

    /// <summary>Roll selected Deployments when the injected pod template changes. Default: false (pods pick up changes when they restart).</summary>
    [JsonPropertyName("restartOnChange")]
    public bool? RestartOnChange { get; init; }
}
