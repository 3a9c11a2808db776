namespace Mesh.XdsServer.Model;

/// <summary>Circuit breaker thresholds of every cluster of a service (Envoy's defaults are the defaults).</summary>
public sealed record CircuitBreakerPolicy
{
    /// <summary>Maximum upstream connections. Default 1024.</summary>
    public int MaxConnections { get; init; } = 1024;

    /// <summary>Maximum requests waiting for a connection. Default 1024.</summary>
    public int MaxPendingRequests { get; init; } = 1024;

    /// <summary>Maximum concurrent requests (the only threshold proxyless gRPC clients honour). Default 1024.</summary>
    public int MaxRequests { get; init; } = 1024;

    /// <summary>Maximum concurrent retries. Default 3.</summary>
    public int MaxRetries { get; init; } = 3;
}
