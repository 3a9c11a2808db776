namespace Mesh.XdsServer.Model;

/// <summary>Distributed tracing: sidecars send Zipkin v2 spans to a collector.</summary>
public sealed record TracingPolicy
{
    /// <summary>Collector host (a Service DNS name or an address) (required).</summary>
    public required string Host { get; init; }

    /// <summary>Collector port (required).</summary>
    public required int Port { get; init; }

    /// <summary>Share of requests traced, 0-100, fractions allowed. Default 1.</summary>
    public double SamplingPercent { get; init; } = 1;
}
