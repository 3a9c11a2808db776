using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Listener.OriginalDst.V3;
using Envoy.Extensions.Filters.Listener.TlsInspector.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Mesh.XdsServer.Model;
using static Mesh.XdsServer.Translation.ProtoHelpers;

namespace Mesh.XdsServer.Translation;

/// <summary>
/// The sidecar's <c>virtualInbound</c> listener (15006): per served target port, a TLS chain (Strict, Permissive) and a
/// plaintext chain (Permissive, Disabled), as Istio's filterchain_options.go lays them out. Each chain enforces the
/// authorization of the services behind its port (HTTP or network RBAC) and, on HTTP, their local rate limit.
/// </summary>
internal static class InboundListenerBuilder
{
    /// <summary>
    /// The translation cache key: the listener is built from the served services (their config: ports, mTLS,
    /// authorization, rate limits) and the trust domain alone, so it is kept across config changes elsewhere in the mesh.
    /// </summary>
    public static InboundListenerKey Key(TranslationContext context)
    {
        var config = 0UL;
        foreach (var service in context.Inbound)
        {
            config = (config * 0x9E3779B185EBCA87UL) ^ context.Index.VersionOf(service).Config;
        }
        return new InboundListenerKey(context.Scope.Namespace, string.Join(',', context.Inbound.Select(s => s.Ref.ToString())), config, context.Index.Model.TrustDomain);
    }

    /// <summary>A fresh listener (the caller caches it under <see cref="Key"/>).</summary>
    public static Listener Build(TranslationContext context)
    {
        var listener = new Listener
        {
            Name = XdsNames.VirtualInbound,
            Address = SocketAddress("0.0.0.0", XdsNames.InboundCapturePort),
            TrafficDirection = TrafficDirection.Inbound,
            ListenerFilters = { new ListenerFilter { Name = XdsNames.OriginalDstListenerFilter, TypedConfig = Pack(new OriginalDst()) } },
        };
        listener.FilterChains.Add(ListenerBuilder.TcpChain($"{XdsNames.VirtualInbound}-blackhole", XdsNames.BlackHoleCluster, XdsNames.InboundCapturePort));
        var anyTls = false;
        foreach (var port in ClusterBuilder.InboundPorts(context))
        {
            var mode = context.Inbound.First(s => s.Ports.Any(p => p.EffectiveTargetPort == port.EffectiveTargetPort)).Mtls;
            if (mode != MtlsMode.Disabled)
            {
                anyTls = true;
                listener.FilterChains.Add(Chain(context, port, tls: true));
            }
            if (mode != MtlsMode.Strict)
            {
                listener.FilterChains.Add(Chain(context, port, tls: false));
            }
        }
        if (anyTls)
        {
            // Reads the ClientHello so that chains can match transport_protocol "tls" before any bytes are consumed.
            listener.ListenerFilters.Add(new ListenerFilter { Name = XdsNames.TlsInspectorListenerFilter, TypedConfig = Pack(new TlsInspector()) });
        }
        // Ports no service declares: passed to the app as they came, unless a served service is Strict (then plaintext
        // must not find a side door).
        var strict = context.Inbound.Any(s => s.Mtls == MtlsMode.Strict);
        listener.DefaultFilterChain = ListenerBuilder.TcpChain(
            $"{XdsNames.VirtualInbound}-catchall", strict ? XdsNames.BlackHoleCluster : XdsNames.InboundPassthroughCluster, null);
        return listener;
    }

    private static FilterChain Chain(TranslationContext context, ServicePort port, bool tls)
    {
        var targetPort = port.EffectiveTargetPort;
        var cluster = XdsNames.InboundCluster(targetPort);
        var chain = new FilterChain
        {
            Name = $"{cluster}{(tls ? "tls" : "plaintext")}",
            FilterChainMatch = new FilterChainMatch { DestinationPort = (uint)targetPort, TransportProtocol = tls ? "tls" : "raw_buffer" },
        };
        var services = context.Inbound.Where(s => s.Ports.Any(p => p.EffectiveTargetPort == targetPort)).ToList();
        var plan = AuthorizationPlan.For(services, context.Index.Model.TrustDomain);
        var statPrefix = $"inbound_0.0.0.0_{targetPort}";
        if (port.IsHttp)
        {
            var before = RbacFilterBuilder.Http(plan, shadow: true).Concat(LocalRateLimitBuilder.Filters(services, targetPort));
            chain.Filters.Add(HttpConnectionManagerFactory.AsFilter(HttpConnectionManagerFactory.SidecarInbound(targetPort, before)));
        }
        else
        {
            chain.Filters.AddRange(RbacFilterBuilder.Network(plan, statPrefix));
            chain.Filters.Add(ListenerBuilder.TcpProxy(statPrefix, cluster));
        }
        if (tls)
        {
            chain.TransportSocket = new TransportSocket { Name = XdsNames.TlsTransportSocket, TypedConfig = Pack(DownstreamTls()) };
        }
        return chain;
    }

    /// <summary>Inbound mTLS: the workload certificate and trust bundle from SDS, a client certificate required.</summary>
    private static DownstreamTlsContext DownstreamTls() => new()
    {
        RequireClientCertificate = true,
        CommonTlsContext = new CommonTlsContext
        {
            TlsParams = new TlsParameters
            {
                TlsMinimumProtocolVersion = TlsParameters.Types.TlsProtocol.Tlsv12,
                TlsMaximumProtocolVersion = TlsParameters.Types.TlsProtocol.Tlsv13,
            },
            TlsCertificateSdsSecretConfigs = { new SdsSecretConfig { Name = SecretBuilder.WorkloadCertificate, SdsConfig = Ads() } },
            ValidationContextSdsSecretConfig = new SdsSecretConfig { Name = SecretBuilder.TrustBundle, SdsConfig = Ads() },
        },
    };
}
