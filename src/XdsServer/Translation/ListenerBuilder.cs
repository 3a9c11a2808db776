using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Listener.TlsInspector.V3;
using Envoy.Extensions.Filters.Network.TcpProxy.V3;
using Mesh.XdsServer.Model;
using static Mesh.XdsServer.Translation.ProtoHelpers;

namespace Mesh.XdsServer.Translation;

/// <summary>
/// LDS. Sidecars: <c>virtualOutbound</c> (15001) hands captured connections to <c>0.0.0.0_&lt;port&gt;</c> HTTP listeners and
/// <c>&lt;ip&gt;_&lt;port&gt;</c> TCP listeners (bind_to_port false), else passes them through or drops them per egress mode;
/// <c>virtualInbound</c> (15006) serves the local app. Proxyless gRPC: API listeners. (istio listener_builder.go)
/// </summary>
internal static class ListenerBuilder
{
    public static IReadOnlyList<Listener> Build(TranslationContext context)
    {
        var listeners = context.IsSidecar ? Sidecar(context) : ProxylessListenerBuilder.Build(context);
        return listeners.DistinctBy(l => l.Name).OrderBy(l => l.Name, StringComparer.Ordinal).ToArray();
    }

    private static List<Listener> Sidecar(TranslationContext context)
    {
        var shared = new TelemetryListeners(context);
        var listeners = new List<Listener>
        {
            shared.Listener(new VirtualOutboundListenerKey(context.Egress.Mode), () => VirtualOutbound(context.Egress.Mode)),
            shared.Listener(InboundListenerBuilder.Key(context), () => InboundListenerBuilder.Build(context)),
        };
        var httpPorts = new SortedSet<int>(context.VisiblePorts.Http);
        foreach (var (service, port) in context.VisiblePorts.Tcp)
        {
            var ip = service.VirtualIp!;
            var name = XdsNames.OutboundTcpListener(ip, port.Port);
            var cluster = XdsNames.OutboundCluster(port.Port, null, service.Host);
            listeners.Add(shared.Listener(new OutboundTcpListenerKey(name, ip, port.Port, cluster), () => OutboundTcp(name, ip, port.Port, cluster)));
        }
        foreach (var external in context.Egress.Hosts.Where(h => h.Protocol == EgressProtocol.Http))
        {
            httpPorts.Add(external.Port);
        }
        foreach (var port in httpPorts)
        {
            listeners.Add(shared.Listener(new OutboundHttpListenerKey(port), () => OutboundHttp(port)));
        }
        // TLS and TCP hosts on a port no HTTP listener takes. (A TCP host on an HTTP port would need the address the
        // name resolves to; it is left to the egress mode, as are TLS hosts there.)
        foreach (var group in context.Egress.Hosts.Where(h => h.Protocol != EgressProtocol.Http && !httpPorts.Contains(h.Port)).GroupBy(h => h.Port))
        {
            var hosts = group.OrderBy(h => h.Host, StringComparer.Ordinal).ToList();
            var key = new EgressListenerKey(group.Key, string.Join(',', hosts.Select(h => $"{h.Protocol}:{h.Host}:{h.Port}")), context.Egress.Mode);
            listeners.Add(shared.Listener(key, () => EgressPort(group.Key, hosts, context.Egress.Mode)));
        }
        return listeners;
    }

    private static Listener VirtualOutbound(EgressMode mode)
    {
        var listener = new Listener
        {
            Name = XdsNames.VirtualOutbound,
            Address = SocketAddress("0.0.0.0", XdsNames.OutboundCapturePort),
            // use_original_dst makes Envoy add the original_dst listener filter itself and hand the connection to
            // the listener of the original destination (Envoy listener_impl.cc); without a match it stays here.
            UseOriginalDst = true,
            TrafficDirection = TrafficDirection.Outbound,
        };
        // Connections addressed to 15001 itself would loop forever.
        listener.FilterChains.Add(TcpChain($"{XdsNames.VirtualOutbound}-blackhole", XdsNames.BlackHoleCluster, XdsNames.OutboundCapturePort));
        listener.FilterChains.Add(TcpChain($"{XdsNames.VirtualOutbound}-catchall-tcp", CatchAllCluster(mode), null));
        return listener;
    }

    /// <summary>The shared listener cache with the namespace's telemetry applied and named (by value) in every key.</summary>
    private sealed class TelemetryListeners(TranslationContext context)
    {
        private readonly ObservabilityPolicy _policy = context.Index.Model.ObservabilityFor(context.Scope.Namespace);

        public Listener Listener(SidecarListenerKey key, Func<Listener> build) =>
            context.Shared.Listener(new TelemetryListenerKey(key, _policy), () => TelemetryBuilder.Apply(build(), _policy));
    }

    public static string CatchAllCluster(EgressMode mode) =>
        mode == EgressMode.AllowAny ? XdsNames.PassthroughCluster : XdsNames.BlackHoleCluster;

    public static FilterChain TcpChain(string name, string cluster, int? destinationPort)
    {
        var chain = new FilterChain { Name = name, Filters = { TcpProxy(name, cluster) } };
        if (destinationPort is { } port)
        {
            chain.FilterChainMatch = new FilterChainMatch { DestinationPort = (uint)port };
        }
        return chain;
    }

    public static Filter TcpProxy(string statPrefix, string cluster) => new()
    {
        Name = XdsNames.TcpProxyFilter,
        TypedConfig = Pack(new TcpProxy { StatPrefix = statPrefix, Cluster = cluster }),
    };

    private static Listener OutboundHttp(int port)
    {
        var name = XdsNames.OutboundHttpListener(port);
        var hcm = HttpConnectionManagerFactory.SidecarOutbound($"outbound_{name}", XdsNames.SidecarRouteConfig(port));
        return new Listener
        {
            Name = name,
            Address = SocketAddress("0.0.0.0", port),
            BindToPort = false,
            TrafficDirection = TrafficDirection.Outbound,
            FilterChains = { new FilterChain { Name = name, Filters = { HttpConnectionManagerFactory.AsFilter(hcm) } } },
        };
    }

    private static Listener OutboundTcp(string name, string ip, int port, string cluster) => new()
    {
        Name = name,
        Address = SocketAddress(ip, port),
        BindToPort = false,
        TrafficDirection = TrafficDirection.Outbound,
        FilterChains = { TcpChain(name, cluster, null) },
    };

    /// <summary>
    /// Allowed external hosts on one port: TLS hosts told apart by SNI (a wildcard <c>*.x</c> matches like Envoy's
    /// server_names, the most specific name first); a TCP host takes the rest of the port, since opaque TCP carries no
    /// name (as Istio does for a TCP ServiceEntry without addresses; the first host by name when several share a
    /// port); else the egress mode decides.
    /// </summary>
    private static Listener EgressPort(int port, IReadOnlyList<EgressHost> hosts, EgressMode mode)
    {
        var name = XdsNames.OutboundHttpListener(port);
        var listener = new Listener
        {
            Name = name,
            Address = SocketAddress("0.0.0.0", port),
            BindToPort = false,
            TrafficDirection = TrafficDirection.Outbound,
        };
        foreach (var host in hosts.Where(h => h.Protocol == EgressProtocol.Tls))
        {
            var cluster = XdsNames.OutboundCluster(port, null, host.Host);
            var chain = TcpChain(cluster, cluster, null);
            chain.FilterChainMatch = new FilterChainMatch { ServerNames = { host.Host } };
            listener.FilterChains.Add(chain);
        }
        if (listener.FilterChains.Count > 0)
        {
            listener.ListenerFilters.Add(new ListenerFilter { Name = XdsNames.TlsInspectorListenerFilter, TypedConfig = Pack(new TlsInspector()) });
        }
        listener.DefaultFilterChain = hosts.FirstOrDefault(h => h.Protocol == EgressProtocol.Tcp) is { } tcp
            ? TcpChain(XdsNames.OutboundCluster(port, null, tcp.Host), XdsNames.OutboundCluster(port, null, tcp.Host), null)
            : TcpChain($"{name}-catchall-tcp", CatchAllCluster(mode), null);
        return listener;
    }
}
