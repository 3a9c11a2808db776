using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities;

/// <summary>The protocol of an external destination.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EgressProtocol>))]
public enum EgressProtocol
{
    /// <summary>TLS originated by the application, matched on SNI. The default.</summary>
    TLS,

    /// <summary>Plain HTTP, matched on the Host header.</summary>
    HTTP,

    /// <summary>Opaque TCP, matched on the resolved address and port.</summary>
    TCP,
}
