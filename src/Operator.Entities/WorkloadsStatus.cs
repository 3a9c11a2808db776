using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>Counts of the policy's pods.</summary>
public sealed record WorkloadsStatus
{
    /// <summary>Pods the selector selects.</summary>
    [JsonPropertyName("selected")]
    [Minimum(0)]
    public int Selected { get; init; }

    /// <summary>Selected pods that run a sidecar.</summary>
    [JsonPropertyName("injected")]
    [Minimum(0)]
    public int Injected { get; init; }

    /// <summary>Injected pods whose sidecar matches the current template.</summary>
    [JsonPropertyName("upToDate")]
    [Minimum(0)]
    public int UpToDate { get; init; }
}
