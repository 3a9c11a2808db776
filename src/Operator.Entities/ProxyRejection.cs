using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>A configuration a proxy rejected, traced back to the spec field that produced it.</summary>
public sealed record ProxyRejection
{
    /// <summary>The proxy (node id, <c>namespace/pod</c>).</summary>
    [JsonPropertyName("proxy")]
    [Length(Max = 512)]
    public string? Proxy { get; init; }

    /// <summary>The xDS type URL or short type (Listener, Cluster, RouteConfiguration, ...).</summary>
    [JsonPropertyName("type")]
    [Length(Max = 256)]
    public string? Type { get; init; }

    /// <summary>The proxy's error detail.</summary>
    [JsonPropertyName("message")]
    [Length(Max = 32768)]
    public string? Message { get; init; }

    /// <summary>The spec field path the rejected resource came from, for example <c>spec.services[0].routes[1]</c>.</summary>
    [JsonPropertyName("field")]
    [Length(Max = 1024)]
    public string? Field { get; init; }
}
