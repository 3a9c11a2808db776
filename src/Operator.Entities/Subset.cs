using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>A named group of a Service's pods (for example a version), used as a route backend or a mirror target.</summary>
public sealed record Subset
{
    /// <summary>The subset name, unique within the Service. Required.</summary>
    [JsonPropertyName("name")]
    [Length(Min = 1, Max = 63)]
    [Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    public required string Name { get; init; }

    /// <summary>Labels a pod must carry, in addition to the Service's selector. Required, at least one.</summary>
    [JsonPropertyName("labels")]
    [Length(Min = 1, Max = 16)]
    public required IDictionary<string, string> Labels { get; init; }
}
