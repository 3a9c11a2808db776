using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>Where a share of a route's requests go: a subset of this Service, or another Service of the namespace.</summary>
[CelRule("has(self.subset) != has(self.service)",
    "a backend names exactly one of subset or service",
    Name = "backend-one-target")]
[CelRule("!has(self.port) || has(self.service)",
    "port is only allowed with service (a subset uses the port the request came to)",
    FieldPath = ".port", Name = "backend-port-only-with-service")]
public sealed record RouteBackend
{
    /// <summary>A subset of this Service, by name.</summary>
    [JsonPropertyName("subset")]
    [Length(Min = 1, Max = 63)]
    public string? Subset { get; init; }

    /// <summary>Another Service of the policy's namespace, by name.</summary>
    [JsonPropertyName("service")]
    [Length(Min = 1, Max = 63)]
    [Pattern("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    public string? Service { get; init; }

    /// <summary>The port of <see cref="Service"/>. Default: the port the request came to.</summary>
    [JsonPropertyName("port")]
    [Minimum(1), Maximum(65535)]
    public int? Port { get; init; }

    /// <summary>The share of requests, 0-100; the weights of a route add up to 100. Default: 100 when the route has a single backend (required otherwise).</summary>
    [JsonPropertyName("weight")]
    [Minimum(0), Maximum(100)]
    public int? Weight { get; init; }
}
