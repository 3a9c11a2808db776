using System.Text.Json.Serialization;
using k8s.Models;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>Requests and limits of the sidecar container (corev1.ResourceRequirements without claims).</summary>
public sealed record SidecarResources
{
    /// <summary>Requested resources by name (cpu, memory, ephemeral-storage). Default: cpu 50m, memory 64Mi.</summary>
    [JsonPropertyName("requests")]
    [Length(Max = 8)]
    public IDictionary<string, ResourceQuantity>? Requests { get; init; }

    /// <summary>Resource limits by name. Default: none.</summary>
    [JsonPropertyName("limits")]
    [Length(Max = 8)]
    public IDictionary<string, ResourceQuantity>? Limits { get; init; }
}
