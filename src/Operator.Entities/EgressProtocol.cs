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

    /// <summary>Opaque TCP: carries no name, so the host takes its whole port (connections on it that no TLS host's SNI
    /// claims go to this host); a port that an HTTP service or host uses cannot also carry a TCP host.</summary>
    TCP,
}
