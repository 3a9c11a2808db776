using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>Traffic from meshed pods to destinations outside the mesh.</summary>
[CelRule("!has(self.hosts) || self.hosts.all(h, self.hosts.exists_one(o, o.host == h.host && o.port == h.port))",
    "each host and port may be listed once", FieldPath = ".hosts", Name = "egress-hosts-unique")]
public sealed record EgressSpec
{
    /// <summary>Whether unlisted destinations are reachable. Default: <see cref="EgressMode.AllowAny"/>.</summary>
    [JsonPropertyName("mode")]
    public EgressMode? Mode { get; init; }

    /// <summary>External destinations, reachable in both modes and observed like mesh services. Default: none.</summary>
    [JsonPropertyName("hosts")]
    [Length(Max = 128)]
    public IList<EgressHost>? Hosts { get; init; }
}
