using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities;

/// <summary>The format of access log lines.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AccessLogFormat>))]
public enum AccessLogFormat
{
    /// <summary>One JSON object per line. The default.</summary>
    Json,

    /// <summary>Envoy's default text format.</summary>
    Text,
}
