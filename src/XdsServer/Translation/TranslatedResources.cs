using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;

namespace Mesh.XdsServer.Translation;

/// <summary>
/// The xDS resources of one proxy, each list ordered by resource name (ordinal). The messages may be shared with other
/// proxies' results: treat them as immutable.
/// </summary>
public sealed record TranslatedResources
{
    /// <summary>CDS resources.</summary>
    public IReadOnlyList<Cluster> Clusters { get; init; } = [];

    /// <summary>EDS resources, one per EDS cluster.</summary>
    public IReadOnlyList<ClusterLoadAssignment> Endpoints { get; init; } = [];

    /// <summary>LDS resources.</summary>
    public IReadOnlyList<Listener> Listeners { get; init; } = [];

    /// <summary>
    /// LDS names answered on request beyond <see cref="Listeners"/>: a proxyless pod's gRPC server listeners for any
    /// host a server binds (<see cref="ProxylessServerListenerTemplate"/>). Null when there are none (sidecars, pods
    /// that serve no meshed gRPC port). Put on the snapshot with <see cref="Snapshots.Snapshot.WithTemplate"/>.
    /// </summary>
    public Snapshots.IResourceTemplate? ListenerTemplate { get; init; }

    /// <summary>RDS resources.</summary>
    public IReadOnlyList<RouteConfiguration> Routes { get; init; } = [];

    /// <summary>SDS resources.</summary>
    public IReadOnlyList<Secret> Secrets { get; init; } = [];

    /// <summary>
    /// Which MeshPolicy field each generated resource came from, so that a NACK is reported against the field. Keys are
    /// resource names (clusters, listeners, route configurations) and, for single routes, <c>&lt;virtual host&gt;/&lt;route&gt;</c>.
    /// Values are field paths such as <c>spec.services[0].routes[1]</c>. Resources not from a policy are absent.
    /// </summary>
    public IReadOnlyDictionary<string, string> SourceFields { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Which MeshPolicy (<c>namespace/name</c>) produced each resource that belongs to exactly one service: clusters,
    /// endpoints and, for proxyless clients, API listeners and their route configurations. Resources several services
    /// share (a sidecar's port listeners, <c>virtualInbound</c>) are absent. Used to tell, per proxy, which policies it
    /// receives and which policy a NACK of a resource concerns.
    /// </summary>
    public IReadOnlyDictionary<string, string> SourcePolicies { get; init; } = new Dictionary<string, string>();

    /// <summary>Every resource, in CDS, EDS, LDS, RDS, SDS order (make-before-break), for building a snapshot.</summary>
    public IEnumerable<Google.Protobuf.IMessage> All() =>
        Clusters.Cast<Google.Protobuf.IMessage>().Concat(Endpoints).Concat(Listeners).Concat(Routes).Concat(Secrets);
}
