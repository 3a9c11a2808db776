using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities;

/// <summary>The tracing collector protocol.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TracingProvider>))]
public enum TracingProvider
{
    /// <summary>Zipkin v2 JSON over HTTP. The default (and, for now, the only one: the OpenTelemetry tracer protos are not in our xDS build).</summary>
    Zipkin,
}
