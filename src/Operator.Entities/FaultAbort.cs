using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>An error answered, instead of forwarding, to a share of requests.</summary>
[CelRule("has(self.httpStatus) != has(self.grpcStatus)", "an abort needs exactly one of httpStatus and grpcStatus",
    Name = "abort-one-status")]
public sealed record FaultAbort
{
    /// <summary>The share of requests aborted, 0-100. Required.</summary>
    [JsonPropertyName("percent")]
    [Minimum(0), Maximum(100)]
    public required int Percent { get; init; }

    /// <summary>The HTTP status answered, 200-599 (gRPC callers see it mapped to a gRPC status: 503 becomes
    /// UNAVAILABLE). Set exactly one of httpStatus and grpcStatus.</summary>
    [JsonPropertyName("httpStatus")]
    [Minimum(200), Maximum(599)]
    public int? HttpStatus { get; init; }

    /// <summary>The gRPC status code answered to gRPC callers, 1-16 (e.g. 14 UNAVAILABLE, 8 RESOURCE_EXHAUSTED; 0 OK is
    /// no error), honoured by sidecars and proxyless gRPC clients alike. Set exactly one of httpStatus and
    /// grpcStatus.</summary>
    [JsonPropertyName("grpcStatus")]
    [Minimum(1), Maximum(16)]
    public int? GrpcStatus { get; init; }
}
