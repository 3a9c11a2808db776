using Envoy.Config.Cluster.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Extensions.Filters.Network.TcpProxy.V3;
using Mesh.XdsServer.Model;
using Mesh.XdsServer.Translation;
using Mesh.XdsServer.Validation;
using Google.Protobuf;

namespace Mesh.XdsServer.Tests.Translation;

/// <summary>Properties every translation must have, checked over every golden case.</summary>
public sealed class TranslationInvariantTests
{
    public static TheoryData<string> Cases() => GoldenTranslationTests.Cases();

    private static (TranslatedResources Result, ProxyScope Scope) Translate(string name)
    {
        var @case = GoldenCase.All().Single(c => c.Name == name);
        return (MeshTranslator.TranslateOnce(@case.Model, @case.Scope), @case.Scope);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_name_a_resource_references_is_generated(string name)
    {
        var (result, _) = Translate(name);
        var clusters = result.Clusters.Select(c => c.Name).ToHashSet();
        var routes = result.Routes.Select(r => r.Name).ToHashSet();
        var assignments = result.Endpoints.Select(e => e.ClusterName).ToHashSet();
        foreach (var hcm in result.Listeners.SelectMany(Managers))
        {
            if (hcm.RouteSpecifierCase == HttpConnectionManager.RouteSpecifierOneofCase.Rds)
            {
                routes.Should().Contain(hcm.Rds.RouteConfigName);
            }
            else
            {
                ReferencedClusters(hcm.RouteConfig).Should().BeSubsetOf(clusters);
            }
        }
        foreach (var tcp in result.Listeners.SelectMany(TcpProxies))
        {
            clusters.Should().Contain(tcp.Cluster);
        }
        result.Routes.SelectMany(ReferencedClusters).Should().BeSubsetOf(clusters);
        result.Clusters.Where(c => c.Type == Cluster.Types.DiscoveryType.Eds).Select(c => c.EdsClusterConfig.ServiceName)
            .Should().BeEquivalentTo(assignments);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_resource_passes_the_envoy_protos_validate_rules(string name)
    {
        var (result, _) = Translate(name);
        var messages = result.Clusters.Cast<IMessage>()
            .Concat(result.Endpoints).Concat(result.Listeners).Concat(result.Routes).Concat(result.Secrets);
        messages.SelectMany(ProtoValidator.Validate).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_list_is_ordered_by_name_without_duplicates(string name)
    {
        var (result, _) = Translate(name);
        foreach (var names in new[]
        {
            result.Clusters.Select(c => c.Name), result.Endpoints.Select(e => e.ClusterName),
            result.Listeners.Select(l => l.Name), result.Routes.Select(r => r.Name), result.Secrets.Select(s => s.Name),
        })
        {
            names.Should().BeInAscendingOrder(StringComparer.Ordinal).And.OnlyHaveUniqueItems();
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Proxyless_clients_get_only_what_grpc_js_xds_accepts(string name)
    {
        var (result, scope) = Translate(name);
        if (scope.Kind != ProxyKind.ProxylessGrpc)
        {
            return;
        }
        result.Secrets.Should().BeEmpty();
        result.Clusters.Should().OnlyContain(c => c.Type == Cluster.Types.DiscoveryType.Eds);
        foreach (var listener in result.Listeners)
        {
            listener.ListenerFilters.Should().BeEmpty();
            listener.UseOriginalDst.Should().BeNull();
            if (listener.ApiListener is null)
            {
                ServerListenerAcceptedByGrpcJs(listener);
                continue;
            }
            listener.FilterChains.Should().BeEmpty();
            var filters = Managers(listener).Single().HttpFilters.Select(f => f.Name).ToArray();
            filters.Last().Should().Be(XdsNames.RouterFilter);
            filters.Should().OnlyContain(f => f == XdsNames.RouterFilter || f == XdsNames.FaultFilter);
        }
        foreach (var assignment in result.Endpoints)
        {
            assignment.Endpoints.Should().OnlyContain(l => l.LoadBalancingWeight > 0);
            assignment.Endpoints.Select(l => l.Priority).Distinct().Order()
                .Should().Equal(Enumerable.Range(0, assignment.Endpoints.Select(l => l.Priority).Distinct().Count()).Select(i => (uint)i));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sidecar_and_proxyless_server_http_managers_normalize_paths_and_reject_escaped_slashes(string name)
    {
        var (result, scope) = Translate(name);
        // Proxyless clients' API listeners are left out: a gRPC client never reads the path settings.
        var listeners = scope.Kind == ProxyKind.Sidecar ? result.Listeners : result.Listeners.Where(l => l.ApiListener is null);
        foreach (var hcm in listeners.SelectMany(Managers))
        {
            hcm.NormalizePath.Should().BeTrue();
            hcm.MergeSlashes.Should().BeTrue();
            hcm.PathWithEscapedSlashesAction.Should().Be(HttpConnectionManager.Types.PathWithEscapedSlashesAction.RejectRequest);
            (hcm.UseRemoteAddress ?? false).Should().BeFalse();
            hcm.HttpFilters.Last().Name.Should().Be(XdsNames.RouterFilter);
        }
    }

    /// <summary>What grpc-js-xds 1.14 checks on a server Listener (listener-resource-type.js, server.js): named by the
    /// A36 template, an address, one HCM per chain, chains matching raw_buffer (a set filter_chain_match with an empty
    /// transport_protocol is never selected), RBAC with rules (never shadow-only), router last, inline routes with
    /// non_forwarding_action, provider-instance TLS without tls_params.</summary>
    private static void ServerListenerAcceptedByGrpcJs(Listener listener)
    {
        listener.Name.Should().StartWith(XdsNames.ProxylessServerListenerTemplate.Replace("%s", "", StringComparison.Ordinal));
        listener.Address.SocketAddress.PortValue.Should().BeGreaterThan(0);
        listener.FilterChains.Should().NotBeEmpty();
        foreach (var chain in listener.FilterChains)
        {
            (chain.FilterChainMatch is null || chain.FilterChainMatch.TransportProtocol == "raw_buffer").Should().BeTrue();
            chain.Filters.Should().ContainSingle();
            var hcm = chain.Filters[0].TypedConfig.Unpack<HttpConnectionManager>();
            hcm.HttpFilters.Last().Name.Should().Be(XdsNames.RouterFilter);
            hcm.HttpFilters.Select(f => f.Name).Should().OnlyHaveUniqueItems();
            foreach (var filter in hcm.HttpFilters.Where(f => f.TypedConfig.Is(Envoy.Extensions.Filters.Http.Rbac.V3.RBAC.Descriptor)))
            {
                var rbac = filter.TypedConfig.Unpack<Envoy.Extensions.Filters.Http.Rbac.V3.RBAC>();
                rbac.Rules.Should().NotBeNull();
                rbac.ShadowRules.Should().BeNull();
                rbac.Rules.Action.Should().NotBe(Envoy.Config.Rbac.V3.RBAC.Types.Action.Log);
            }
            hcm.HttpFilters.Should().OnlyContain(f => f.TypedConfig.Is(Envoy.Extensions.Filters.Http.Rbac.V3.RBAC.Descriptor)
                || f.Name == XdsNames.RouterFilter);
            hcm.RouteConfig.VirtualHosts.SelectMany(v => v.Routes).Should().OnlyContain(r => r.NonForwardingAction != null);
            if (chain.TransportSocket is { } socket)
            {
                var tls = socket.TypedConfig.Unpack<Envoy.Extensions.TransportSockets.Tls.V3.DownstreamTlsContext>();
                tls.CommonTlsContext.TlsParams.Should().BeNull();
                tls.CommonTlsContext.TlsCertificateProviderInstance.Should().NotBeNull();
                tls.CommonTlsContext.ValidationContext.CaCertificateProviderInstance.Should().NotBeNull();
                tls.CommonTlsContext.TlsCertificateSdsSecretConfigs.Should().BeEmpty();
            }
        }
    }

    internal static IEnumerable<HttpConnectionManager> Managers(Listener listener)
    {
        if (listener.ApiListener is not null)
        {
            yield return listener.ApiListener.ApiListener_.Unpack<HttpConnectionManager>();
        }
        foreach (var filter in listener.FilterChains.Append(listener.DefaultFilterChain).Where(c => c is not null).SelectMany(c => c.Filters))
        {
            if (filter.TypedConfig.Is(HttpConnectionManager.Descriptor))
            {
                yield return filter.TypedConfig.Unpack<HttpConnectionManager>();
            }
        }
    }

    private static IEnumerable<TcpProxy> TcpProxies(Listener listener) =>
        listener.FilterChains.Append(listener.DefaultFilterChain).Where(c => c is not null).SelectMany(c => c.Filters)
            .Where(f => f.TypedConfig.Is(TcpProxy.Descriptor))
            .Select(f => f.TypedConfig.Unpack<TcpProxy>());

    private static IEnumerable<string> ReferencedClusters(RouteConfiguration config) =>
        config.VirtualHosts.SelectMany(v => v.Routes).Where(r => r.Route_ is not null).SelectMany(r =>
            r.Route_.RequestMirrorPolicies.Select(m => m.Cluster)
                .Concat(r.Route_.ClusterSpecifierCase == RouteAction.ClusterSpecifierOneofCase.Cluster
                    ? [r.Route_.Cluster]
                    : r.Route_.WeightedClusters.Clusters.Select(c => c.Name)));
}
