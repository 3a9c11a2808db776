using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities;

/// <summary>An HTTP request method (named so to avoid System.Net.Http.HttpMethod).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RequestMethod>))]
public enum RequestMethod
{
    /// <summary>GET.</summary>
    GET,

    /// <summary>HEAD.</summary>
    HEAD,

    /// <summary>POST.</summary>
    POST,

    /// <summary>PUT.</summary>
    PUT,

    /// <summary>DELETE.</summary>
    DELETE,

    /// <summary>PATCH.</summary>
    PATCH,

    /// <summary>OPTIONS.</summary>
    OPTIONS,

    /// <summary>CONNECT.</summary>
    CONNECT,

    /// <summary>TRACE.</summary>
    TRACE,
}
