namespace Mesh.XdsServer.Model;

/// <summary>Aborts a share of the requests with an HTTP status (or a gRPC status on gRPC ports).</summary>
public sealed record FaultAbort
{
    /// <summary>Share of the requests aborted, 0 to 100. Default 100.</summary>
    public double Percent { get; init; } = 100;

    /// <summary>HTTP status to answer with. Default 503 when <see cref="GrpcStatus"/> is null.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>gRPC status code (e.g. 14 UNAVAILABLE) to answer with; takes precedence over HttpStatus.</summary>
    public int? GrpcStatus { get; init; }
}
