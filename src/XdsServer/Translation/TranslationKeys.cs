using Mesh.XdsServer.Model;

namespace Mesh.XdsServer.Translation;

// Memo keys: each names every input of what it keys, so that no two proxies or models that differ in an input can share
// an entry. Records, built in one place each (never strings assembled by callers).

/// <summary>The outbound clusters of one service: its config, the caller kind and TLS, the trust domain, and the retry
/// budgets other services' routes put on its clusters.</summary>
internal sealed record ServiceClustersKey(ServiceRef Service, ulong Config, bool Proxyless, bool ClientTls, string TrustDomain, ulong RetryBudgets);

/// <summary>The routes of one service port: its config, the config of every service its routes send or mirror to, and
/// the field forms the client understands (header matchers differ for clients before gRFC A63).</summary>
internal sealed record RoutesKey(ServiceRef Service, ulong Config, int Port, bool Proxyless, ulong Destinations, ProxyCapabilities Capabilities);

/// <summary>A sidecar virtual host: its routes and whether the short name is a domain (caller in the same namespace).</summary>
internal sealed record VirtualHostKey(RoutesKey Routes, bool SameNamespace);

/// <summary>One ClusterLoadAssignment: the service's config and endpoints, the port, the subset, the proxy locality (only
/// under locality failover).</summary>
internal sealed record EndpointsKey(ServiceRef Service, ServiceVersion Version, int Port, string? Subset, Locality? Locality);

/// <summary>The outbound clusters of the services a proxy sees (within one config): caller kind and TLS, visible services
/// (<see cref="TranslationContext.DependencyKey"/>).</summary>
internal sealed record OutboundClustersKey(bool Proxyless, bool ClientTls, string Visible);

/// <summary>A proxy's EDS list: its kind (sidecars get TCP ports too), locality (failover priorities) and visible services
/// (<see cref="TranslationContext.DependencyKey"/>).</summary>
internal sealed record EndpointListKey(ProxyKind Kind, Locality Locality, string Visible);

/// <summary>A cluster that is not one service's (passthrough, inbound, egress, collector): its name and the record it is
/// built from (a port, an egress host, a tracing policy), compared by value.</summary>
internal sealed record SharedClusterKey(string Name, object? Input);

/// <summary>A sidecar's route configuration for one port: its namespace (short names, egress hosts) and visible services.</summary>
internal sealed record SidecarRouteConfigKey(int Port, string Namespace, string Visible);

/// <summary>The route configuration of one proxyless API listener (shared by every proxyless client of the same
/// capabilities): its routes' key names the service, its config, the port, the destinations and the capabilities.</summary>
internal sealed record ProxylessRouteConfigKey(RoutesKey Routes);

/// <summary>A listener kept across config changes: each kind names every input it is built from.</summary>
internal abstract record ListenerKey;

/// <summary>A sidecar listener (<paramref name="Listener"/>, one of the records below) with its namespace's telemetry applied.</summary>
internal sealed record TelemetryListenerKey(SidecarListenerKey Listener, ObservabilityPolicy Telemetry) : ListenerKey;

/// <summary>A proxyless API listener: built from its name alone.</summary>
internal sealed record ApiListenerKey(string Name) : ListenerKey;

/// <summary>What one sidecar listener is built from (before telemetry).</summary>
internal abstract record SidecarListenerKey;

/// <summary><c>virtualOutbound</c>: the egress mode decides the catch-all.</summary>
internal sealed record VirtualOutboundListenerKey(EgressMode Mode) : SidecarListenerKey;

/// <summary><c>virtualInbound</c>: the namespace, the served services (names in order) and their config, the trust domain
/// (authorization principals).</summary>
internal sealed record InboundListenerKey(string Namespace, string Services, ulong Config, string TrustDomain) : SidecarListenerKey;

/// <summary>An outbound HTTP listener: the port alone (routes come by RDS).</summary>
internal sealed record OutboundHttpListenerKey(int Port) : SidecarListenerKey;

/// <summary>An outbound TCP listener of one service port: its address and cluster.</summary>
internal sealed record OutboundTcpListenerKey(string Name, string Ip, int Port, string Cluster) : SidecarListenerKey;

/// <summary>The egress listener of one port: the hosts on it (in order, by value) and the egress mode.</summary>
internal sealed record EgressListenerKey(int Port, string Hosts, EgressMode Mode) : SidecarListenerKey;

/// <summary>A proxy's source-field map (<paramref name="Policies"/> false) or source-policy map (true).</summary>
internal sealed record SourceFieldsKey(bool Policies, ProxyKind Kind, string Visible);

/// <summary>What a scope's config is built from beside the scope: the model's settings, the config of the services it
/// sees (their set included) and of its namespace's services (those it serves among them).</summary>
internal readonly record struct ScopeConfigKey(ulong Settings, ulong Visible, ulong Namespace);
