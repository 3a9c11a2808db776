using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>A fixed delay added to a share of requests.</summary>
public sealed record FaultDelay
{
    /// <summary>The share of requests delayed, 0-100. Required.</summary>
    [JsonPropertyName("percent")]
    [Minimum(0), Maximum(100)]
    public required int Percent { get; init; }

    /// <summary>The delay, a Go duration. Required.</summary>
    [JsonPropertyName("duration")]
    [Duration]
    public required string Duration { get; init; }
}
