using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>A token-bucket rate limit enforced locally by each server-side proxy of the Service, so per pod: the Service as a
/// whole admits up to the rate times its pod count (excess gets 429).</summary>
[CelRule("!has(self.burst) || self.burst >= self.requestsPerSecond",
    "burst must be at least requestsPerSecond", FieldPath = ".burst", Name = "burst-at-least-rate")]
public sealed record RateLimitPolicy
{
    /// <summary>Tokens added per second, per pod (each pod's proxy has its own bucket). Required.</summary>
    [JsonPropertyName("requestsPerSecond")]
    [Minimum(1)]
    public required int RequestsPerSecond { get; init; }

    /// <summary>The bucket size per pod: requests allowed at once after a quiet time. Default: <see cref="RequestsPerSecond"/>.</summary>
    [JsonPropertyName("burst")]
    [Minimum(1)]
    public int? Burst { get; init; }
}
