using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>Limits a client-side proxy applies to the Service (Envoy's circuit breaker thresholds, default priority).</summary>
public sealed record CircuitBreakerPolicy
{
    /// <summary>Open connections to all endpoints. Default: 1024.</summary>
    [JsonPropertyName("maxConnections")]
    [Minimum(1)]
    public int? MaxConnections { get; init; }

    /// <summary>Requests waiting for a connection. Default: 1024.</summary>
    [JsonPropertyName("maxPendingRequests")]
    [Minimum(1)]
    public int? MaxPendingRequests { get; init; }

    /// <summary>Active requests. Default: 1024.</summary>
    [JsonPropertyName("maxRequests")]
    [Minimum(1)]
    public int? MaxRequests { get; init; }

    /// <summary>Active retries. Default: 3.</summary>
    [JsonPropertyName("maxRetries")]
    [Minimum(0)]
    public int? MaxRetries { get; init; }
}
