using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>Shadow traffic: a copy of a share of a route's requests, sent to a subset or a Service, responses discarded.</summary>
[CelRule("has(self.subset) != has(self.service)", "a mirror names exactly one of subset or service", Name = "mirror-one-target")]
[CelRule("!has(self.port) || has(self.service)",
    "port is only allowed with service", FieldPath = ".port", Name = "mirror-port-only-with-service")]
public sealed record MirrorPolicy
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

    /// <summary>The share of requests copied, 0-100. Default: 100.</summary>
    [JsonPropertyName("percent")]
    [Minimum(0), Maximum(100)]
    public int? Percent { get; init; }
}
