using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>Temporary ejection of endpoints that keep failing. Missing fields take Envoy's defaults.</summary>
public sealed record OutlierDetectionPolicy
{
    /// <summary>Consecutive 5xx answers (or connection failures) that eject an endpoint. Default: 5.</summary>
    [JsonPropertyName("consecutive5xx")]
    [Minimum(1)]
    public int? Consecutive5xx { get; init; }

    /// <summary>How often ejections are evaluated, a Go duration. Default: <c>10s</c>.</summary>
    [JsonPropertyName("interval")]
    [Duration]
    public string? Interval { get; init; }

    /// <summary>The base ejection time, multiplied by the number of ejections, a Go duration. Default: <c>30s</c>.</summary>
    [JsonPropertyName("baseEjectionTime")]
    [Duration]
    public string? BaseEjectionTime { get; init; }

    /// <summary>The most endpoints ejected at once, in percent. Default: 10.</summary>
    [JsonPropertyName("maxEjectionPercent")]
    [Minimum(0), Maximum(100)]
    public int? MaxEjectionPercent { get; init; }
}
