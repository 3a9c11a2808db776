using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities;

/// <summary>Prometheus scraping of every sidecar: RED metrics per source and destination.</summary>
public sealed record MetricsSpec
{
    /// <summary>Expose and annotate the sidecar's metrics for scraping. Default: true.</summary>
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; init; }
}
