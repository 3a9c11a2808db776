using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities;

/// <summary>Access logs written by every sidecar to its stdout.</summary>
public sealed record AccessLogSpec
{
    /// <summary>Write access logs. Default: false.</summary>
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; init; }

    /// <summary>The line format. Default: <see cref="AccessLogFormat.Json"/>.</summary>
    [JsonPropertyName("format")]
    public AccessLogFormat? Format { get; init; }
}
