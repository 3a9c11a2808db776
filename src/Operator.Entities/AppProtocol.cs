using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities;

/// <summary>The application protocol spoken on a Service port.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AppProtocol>))]
public enum AppProtocol
{
    /// <summary>HTTP/1.1 (upgraded to HTTP/2 between sidecars).</summary>
    HTTP,

    /// <summary>HTTP/2 with prior knowledge (h2c).</summary>
    HTTP2,

    /// <summary>gRPC (HTTP/2; retries and routes understand gRPC status).</summary>
    GRPC,

    /// <summary>Opaque TCP: routes, retries and HTTP authorization do not apply. The fallback.</summary>
    TCP,
}
