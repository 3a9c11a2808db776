namespace Mesh.XdsServer.Model;

/// <summary>Retries of a route.</summary>
public sealed record RetryPolicy
{
    /// <summary>Retries after the first try (Envoy num_retries). Default 1.</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>Timeout of each try. Null = the route timeout only. (Ignored by proxyless gRPC clients.)</summary>
    public TimeSpan? PerTryTimeout { get; init; }

    /// <summary>Envoy retry_on conditions (HTTP: 5xx, gateway-error, reset, connect-failure, retriable-4xx, refused-stream;
    /// gRPC: cancelled, deadline-exceeded, internal, resource-exhausted, unavailable). Empty = <see cref="DefaultRetryOn"/>.</summary>
    public IReadOnlyList<string> RetryOn { get; init; } = [];

    /// <summary>Caps concurrent retries at this percent of active requests on each destination cluster (retry budget).
    /// Null = the circuit breaker's max retries.</summary>
    public double? BudgetPercent { get; init; }

    /// <summary>Conditions used when <see cref="RetryOn"/> is empty: failures that never reached the application, plus 5xx.</summary>
    public static IReadOnlyList<string> DefaultRetryOn { get; } = ["5xx", "connect-failure", "refused-stream", "reset", "unavailable", "cancelled"];
}
