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

    /// <summary>
    /// Restart pods that run an outdated sidecar or none: the operator evicts them one at a time through the Eviction API
    /// (pods/eviction, so PodDisruptionBudgets are respected; a refused eviction is retried later), waits until no other
    /// selected pod is unready before the next, and evicts only pods whose controller (ReplicaSet, StatefulSet, DaemonSet,
    /// Job) recreates them. It never edits a Deployment or any other object. Default: false (pods pick up a new sidecar
    /// when they restart for another reason; WorkloadsReady names those still to restart).
    /// </summary>
    [JsonPropertyName("restartOnChange")]
    public bool? RestartOnChange { get; init; }
}
