using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Mesh.XdsServer.Model;
using static Mesh.XdsServer.Translation.ProtoHelpers;

namespace Mesh.XdsServer.Translation;

/// <summary>
/// Server listeners of proxyless gRPC servers (gRFC A36): an XdsServer bound to <c>host:port</c> subscribes to
/// <c>xds.mesh.dev/grpc/lds/inbound/host:port</c> and refuses a Listener whose socket_address differs from what it bound.
/// The translator answers every address a server in the pod can bind, for every served gRPC/HTTP target port (the
/// meshed ports of the pod): the wildcards (<c>0.0.0.0</c>, <c>[::]</c>), loopback (<c>127.0.0.1</c>, <c>[::1]</c>)
/// and the pod's own IPs (<see cref="ProxyScope.PodIps"/>), each Listener echoing the requested host
/// and port in its socket_address. Any other host (a name such as <c>localhost</c>, another IP of the pod) is answered
/// on request through <see cref="ProxylessServerListenerTemplate"/>, with the same chains.
/// gRPC cannot tell TLS from plaintext on one port, so Strict gets a TLS-only chain and Permissive or Disabled a
/// plaintext one (a Permissive server then sees no peer identity: source rules cannot match).
/// </summary>
internal static class ProxylessServerListenerBuilder
{
    private static readonly string[] PodLocalHosts = ["0.0.0.0", "::", "127.0.0.1", "::1"];

    public static IEnumerable<Listener> Build(TranslationContext context)
    {
        var hosts = PodLocalHosts.Concat(context.Scope.PodIps.Where(ip => ip.Length > 0)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var port in ServedPorts(context))
        {
            foreach (var host in hosts)
            {
                yield return Build(context, host, port);
            }
        }
    }

    /// <summary>The target ports a proxyless server of the pod is answered for: the meshed HTTP/gRPC ports.</summary>
    public static IReadOnlyList<int> ServedPorts(TranslationContext context) =>
        ClusterBuilder.InboundPorts(context).Where(p => p.IsHttp).Select(p => p.EffectiveTargetPort).ToArray();

    /// <summary>The server listener for a server bound to <paramref name="host"/>:<paramref name="targetPort"/>.</summary>
    public static Listener Build(TranslationContext context, string host, int targetPort)
    {
        var name = XdsNames.ProxylessServerListener(host, targetPort);
        var services = context.Inbound.Where(s => s.Ports.Any(p => p.EffectiveTargetPort == targetPort)).ToList();
        var key = $"grpc-server|{name}|{context.Scope.Capabilities.Key}|{string.Join(',', services.Select(s => s.Ref.ToString()))}";
        return context.Shared.Listener(key, () => Create(context, host, targetPort));
    }

    /// <summary>
    /// Builds the server listener without the model-wide memo (for hosts requested on demand: their names come from
    /// the proxies, so the memo must not grow with them; <see cref="ProxylessServerListenerTemplate"/> keeps its own).
    /// </summary>
    public static Listener Create(TranslationContext context, string host, int targetPort)
    {
        var name = XdsNames.ProxylessServerListener(host, targetPort);
        var services = context.Inbound.Where(s => s.Ports.Any(p => p.EffectiveTargetPort == targetPort)).ToList();
        var plan = AuthorizationPlan.For(services, context.Index.Model.TrustDomain);
        var strict = services.Any(s => s.Mtls == MtlsMode.Strict);
        // The stat prefix names the mode so that the HCM's bytes differ between Strict and Permissive: grpc-js-xds
        // (1.14) compares a new server Listener with the current one by its filters' bytes and a transport_socket
        // check that is inverted (server-listener.js filterChainsEquivalent), so a Listener differing only in its
        // transport_socket is taken as unchanged (Strict -> Permissive ignored) or throws (Permissive -> Strict).
        // GrpcServerMtlsTests proves the switch with the real server.
        var statPrefix = strict ? $"inbound_mtls_{host}_{targetPort}" : $"inbound_{host}_{targetPort}";
        var hcm = HttpConnectionManagerFactory.ProxylessServer(statPrefix, RbacFilterBuilder.Http(plan, shadow: false, context.Scope.Capabilities.RbacHeaderStringMatch));
        var chain = new FilterChain { Name = $"inbound|{targetPort}||grpc", Filters = { HttpConnectionManagerFactory.AsFilter(hcm) } };
        if (strict)
        {
            chain.TransportSocket = new TransportSocket { Name = XdsNames.TlsTransportSocket, TypedConfig = Pack(DownstreamTls()) };
        }
        return new Listener
        {
            Name = name,
            Address = SocketAddress(host, targetPort),
            TrafficDirection = TrafficDirection.Inbound,
            FilterChains = { chain },
        };
    }

    /// <summary>What gRPC reads: provider instances from its bootstrap (file_watcher), a client certificate required;
    /// tls_params and SDS are NACKed.</summary>
    private static DownstreamTlsContext DownstreamTls() => new()
    {
        RequireClientCertificate = true,
        CommonTlsContext = new CommonTlsContext
        {
            TlsCertificateProviderInstance = new CertificateProviderPluginInstance
            {
                InstanceName = UpstreamTlsBuilder.ProxylessCertificateProvider,
                CertificateName = SecretBuilder.WorkloadCertificate,
            },
            ValidationContext = new CertificateValidationContext
            {
                CaCertificateProviderInstance = new CertificateProviderPluginInstance
                {
                    InstanceName = UpstreamTlsBuilder.ProxylessCertificateProvider,
                    CertificateName = SecretBuilder.TrustBundle,
                },
            },
        },
    };
}
