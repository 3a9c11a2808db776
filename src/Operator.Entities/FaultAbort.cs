using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>An error answered, instead of forwarding, to a share of requests.</summary>
public sealed record FaultAbort
{
    /// <summary>The share of requests aborted, 0-100. Required.</summary>
    [JsonPropertyName("percent")]
    [Minimum(0), Maximum(100)]
    public required int Percent { get; init; }

    /// <summary>The HTTP status answered, 200-599 (gRPC callers see it mapped to a gRPC status). Required.</summary>
    [JsonPropertyName("httpStatus")]
    [Minimum(200), Maximum(599)]
    public required int HttpStatus { get; init; }
}
