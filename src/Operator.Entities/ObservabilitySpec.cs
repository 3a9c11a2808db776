using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities;

/// <summary>Metrics, access logs and traces produced by the sidecars.</summary>
public sealed record ObservabilitySpec
{
    /// <summary>Prometheus metrics. Default: enabled.</summary>
    [JsonPropertyName("metrics")]
    public MetricsSpec? Metrics { get; init; }

    /// <summary>Access logs on the sidecar's stdout. Default: disabled.</summary>
    [JsonPropertyName("accessLog")]
    public AccessLogSpec? AccessLog { get; init; }

    /// <summary>Distributed tracing. Default: disabled.</summary>
    [JsonPropertyName("tracing")]
    public TracingSpec? Tracing { get; init; }
}
