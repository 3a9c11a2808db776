namespace Mesh.Operator.Entities;

/// <summary>
/// The values of <see cref="RetryPolicy.RetryOn"/>: Envoy's x-envoy-retry-on and x-envoy-retry-grpc-on names. Kept as strings
/// because most are not C# identifiers (5xx, connect-failure).
/// </summary>
public static class RetryConditions
{
    /// <summary>Any 5xx response, or no response (connect failure, reset).</summary>
    public const string FiveXx = "5xx";

    /// <summary>502, 503 or 504.</summary>
    public const string GatewayError = "gateway-error";

    /// <summary>The upstream reset the stream or did not answer.</summary>
    public const string Reset = "reset";

    /// <summary>The connection could not be made.</summary>
    public const string ConnectFailure = "connect-failure";

    /// <summary>The upstream refused the HTTP/2 stream (REFUSED_STREAM): the request did not run.</summary>
    public const string RefusedStream = "refused-stream";

    /// <summary>409 Conflict.</summary>
    public const string Retriable4xx = "retriable-4xx";

    /// <summary>gRPC status CANCELLED.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>gRPC status DEADLINE_EXCEEDED.</summary>
    public const string DeadlineExceeded = "deadline-exceeded";

    /// <summary>gRPC status INTERNAL.</summary>
    public const string Internal = "internal";

    /// <summary>gRPC status RESOURCE_EXHAUSTED.</summary>
    public const string ResourceExhausted = "resource-exhausted";

    /// <summary>gRPC status UNAVAILABLE.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>The default set: failures after which the request surely did not run, so a retry is safe for any method.</summary>
    public static IReadOnlyList<string> Defaults { get; } = [ConnectFailure, RefusedStream, Unavailable];
}
