using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>Traffic from meshed pods to destinations outside the mesh.</summary>
[CelRule("!has(self.hosts) || self.hosts.all(h, self.hosts.exists_one(o, o.host == h.host && o.port == h.port))",
    "each host and port may be listed once", FieldPath = ".hosts", Name = "egress-hosts-unique")]
[CelRule("!has(self.services) || self.services.all(s, s.matches('^([.]|[a-z0-9]([-a-z0-9]*[a-z0-9])?)/([*]|[a-z0-9]([-a-z0-9]*[a-z0-9])?)$'))",
    "each entry is namespace/name or namespace/* (. is this namespace), e.g. ./*, payments/ledger or ops/*",
    FieldPath = ".services", Name = "egress-services-form")]
public sealed record EgressSpec
{
    /// <summary>Whether unlisted destinations are reachable. Default: <see cref="EgressMode.AllowAny"/>.</summary>
    [JsonPropertyName("mode")]
    public EgressMode? Mode { get; init; }

    /// <summary>External destinations, reachable in both modes and observed like mesh services. Default: none.</summary>
    [JsonPropertyName("hosts")]
    [Length(Max = 128)]
    public IList<EgressHost>? Hosts { get; init; }

    /// <summary>
    /// The mesh Services this namespace's sidecars call, as <c>namespace/name</c> or <c>namespace/*</c> (<c>.</c> is this
    /// namespace): when set, each sidecar is configured for these Services only (and for what it serves), as Istio's
    /// Sidecar egress hosts, so that config size and push work follow what a workload calls, not the size of the mesh.
    /// A Service left out is then reached like a host outside the mesh (<see cref="Mode"/> decides). Proxyless gRPC
    /// clients are not affected: they already ask for the Services they call. Default: every Service of the mesh.
    /// </summary>
    [JsonPropertyName("services")]
    [Length(Min = 1, Max = 256, ItemMax = 317)]
    public IList<string>? Services { get; init; }
}
