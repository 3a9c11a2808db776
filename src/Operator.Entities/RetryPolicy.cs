using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>Retries of a route's failed attempts, bounded by a retry budget.</summary>
public sealed record RetryPolicy
{
    /// <summary>Retries after the first attempt. Default: 2.</summary>
    [JsonPropertyName("attempts")]
    [Minimum(0), Maximum(10)]
    public int? Attempts { get; init; }

    /// <summary>The timeout of each attempt, a Go duration. Default: none (only the route timeout applies).</summary>
    [JsonPropertyName("perTryTimeout")]
    [Duration]
    public string? PerTryTimeout { get; init; }

    /// <summary>
    /// The failures that trigger a retry, Envoy's retry_on names (see <see cref="RetryConditions"/>). Default:
    /// connect-failure, refused-stream, unavailable (failures where the request surely did not run).
    /// </summary>
    /// <remarks>Named retryOn, not on: YAML 1.1 parsers (kubectl's among them) read an unquoted on key as true.</remarks>
    [JsonPropertyName("retryOn")]
    [Length(Min = 1, Max = 11)]
    [Enum(RetryConditions.FiveXx, RetryConditions.GatewayError, RetryConditions.Reset, RetryConditions.ConnectFailure, RetryConditions.RefusedStream,
        RetryConditions.Retriable4xx, RetryConditions.Cancelled, RetryConditions.DeadlineExceeded, RetryConditions.Internal, RetryConditions.ResourceExhausted,
        RetryConditions.Unavailable)]
    public IList<string>? RetryOn { get; init; }

    /// <summary>Active retries as a percentage of active requests, beyond which no retry starts. Default: 20.</summary>
    [JsonPropertyName("budgetPercent")]
    [Minimum(0), Maximum(100)]
    public int? BudgetPercent { get; init; }
}
