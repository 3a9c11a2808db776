using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>Distributed tracing: spans sent by every sidecar to a collector.</summary>
[CelRule("!has(self.enabled) || !self.enabled || (has(self.endpoint) && size(self.endpoint) > 0)",
    "tracing.endpoint is required when tracing is enabled", FieldPath = ".endpoint", Reason = "FieldValueRequired",
    Name = "tracing-endpoint-when-enabled")]
public sealed record TracingSpec
{
    /// <summary>Send spans. Default: false.</summary>
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; init; }

    /// <summary>The collector protocol. Default: <see cref="TracingProvider.Zipkin"/>.</summary>
    [JsonPropertyName("provider")]
    public TracingProvider? Provider { get; init; }

    /// <summary>The collector address as <c>host:port</c> (a Service DNS name works). Default: empty; required when enabled.</summary>
    [JsonPropertyName("endpoint")]
    [Length(Max = 512)]
    [Pattern("^$|^[A-Za-z0-9.-]+:[0-9]{1,5}$")]
    public string? Endpoint { get; init; }

    /// <summary>The share of requests traced, in percent (fractions allowed, 0-100). Default: 1.</summary>
    [JsonPropertyName("samplingPercent")]
    [Minimum(0), Maximum(100)]
    public double? SamplingPercent { get; init; }
}
