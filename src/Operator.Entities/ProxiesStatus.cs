using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>Counts of the policy's proxies connected to the xDS server.</summary>
public sealed record ProxiesStatus
{
    /// <summary>Proxies with an open xDS stream.</summary>
    [JsonPropertyName("connected")]
    [Minimum(0)]
    public int Connected { get; init; }

    /// <summary>Proxies that ACKed the configuration of the observed generation.</summary>
    [JsonPropertyName("acked")]
    [Minimum(0)]
    public int Acked { get; init; }

    /// <summary>Proxies that rejected (NACKed) it; they keep their last good configuration.</summary>
    [JsonPropertyName("nacked")]
    [Minimum(0)]
    public int Nacked { get; init; }

    /// <summary>Sidecars of this namespace whose node id names no known pod: they get an empty config until it appears.</summary>
    [JsonPropertyName("unknown")]
    [Minimum(0)]
    public int Unknown { get; init; }
}
