using System.Text.RegularExpressions;
using Envoy.Config.Cluster.V3;
using Envoy.Extensions.Filters.Network.TcpProxy.V3;
using Mesh.XdsServer.Tests.Translation.Simulation;
using Mesh.XdsServer.Translation;

namespace Mesh.XdsServer.Tests.Translation;

public sealed class EgressAndPrefixTests
{
    private static TranslatedResources Translate(string name)
    {
        var @case = GoldenCase.All().Single(c => c.Name == name);
        return MeshTranslator.TranslateOnce(@case.Model, @case.Scope);
    }

    private static readonly Lazy<TranslatedResources> Egress = new(() => Translate("egress-tcp-and-wildcard"));

    [Fact]
    public void A_tcp_egress_host_is_a_tcp_proxy_on_its_port_not_a_tls_sni_match()
    {
        var listener = Egress.Value.Listeners.Single(l => l.Name == "0.0.0.0_5432");
        listener.ListenerFilters.Should().BeEmpty("opaque TCP has no ClientHello to inspect");
        listener.FilterChains.Should().BeEmpty();
        listener.DefaultFilterChain.Filters.Single().TypedConfig.Unpack<TcpProxy>().Cluster.Should().Be("outbound|5432||db.example.com");
        Egress.Value.Clusters.Single(c => c.Name == "outbound|5432||db.example.com").Type.Should().Be(Cluster.Types.DiscoveryType.LogicalDns);
    }

    [Fact]
    public void A_tcp_host_sharing_a_port_with_a_tls_host_takes_what_the_sni_chains_do_not()
    {
        var listener = Egress.Value.Listeners.Single(l => l.Name == "0.0.0.0_9443");
        listener.FilterChains.Single().FilterChainMatch.ServerNames.Should().Equal("mq-admin.example.com");
        listener.DefaultFilterChain.Filters.Single().TypedConfig.Unpack<TcpProxy>().Cluster.Should().Be("outbound|9443||mq.example.com");
    }

    [Fact]
    public void Wildcard_hosts_are_matched_by_sni_or_host_and_passed_to_the_address_the_app_resolved()
    {
        var tls = Egress.Value.Listeners.Single(l => l.Name == "0.0.0.0_443");
        tls.FilterChains.Select(c => c.FilterChainMatch.ServerNames.Single()).Should().BeEquivalentTo("*.googleapis.com", "api.example.com");
        tls.DefaultFilterChain.Filters.Single().TypedConfig.Unpack<TcpProxy>().Cluster.Should().Be(XdsNames.BlackHoleCluster);
        foreach (var name in new[] { "outbound|443||*.googleapis.com", "outbound|80||*.example.org" })
        {
            var cluster = Egress.Value.Clusters.Single(c => c.Name == name);
            cluster.Type.Should().Be(Cluster.Types.DiscoveryType.OriginalDst, "a wildcard name cannot be resolved by DNS");
            cluster.LoadAssignment.Should().BeNull();
        }
        var routes = Egress.Value.Routes.Single(r => r.Name == "80");
        routes.VirtualHosts.Should().Contain(v => v.Domains.Contains("*.example.org"));
        // Under RegistryOnly anything else on port 80 gets the direct 502 of the catch-all host.
        RouteSimulator.Sidecar(Egress.Value, new SimulatedRequest("evil.example.net", 80)).DirectStatus.Should().Be(502);
    }

    [Theory]
    [InlineData("/api", true)]
    [InlineData("/api/x", true)]
    [InlineData("/api?q=1", true)]
    [InlineData("/apix", false)]
    [InlineData("/ap", false)]
    public void A_path_prefix_matches_whole_segments_on_sidecars(string path, bool toBackend)
    {
        var result = RouteSimulator.Sidecar(Translate("cross-service-backend"), new SimulatedRequest("frontend", 80, path));
        (result.Route == "to-backend").Should().Be(toBackend);
    }

    [Theory]
    [InlineData("/pkg.Svc", true)]
    [InlineData("/pkg.Svc/Call", true)]
    [InlineData("/pkg.SvcX/Call", false)]
    [InlineData("/pkgXSvc/Call", false)]
    public void Proxyless_clients_get_a_segment_prefix_as_a_full_match_regex(string path, bool matches)
    {
        var match = RouteMatchBuilder.Build(new Model.RouteMatch { Path = new Model.PathMatch { Prefix = "/pkg.Svc" } }, proxyless: true);
        match.PathSpecifierCase.Should().Be(Envoy.Config.Route.V3.RouteMatch.PathSpecifierOneofCase.SafeRegex, "grpc-js knows prefix, path and safe_regex only");
        Regex.IsMatch(path, $"^(?:{match.SafeRegex.Regex})$").Should().Be(matches);
        RouteMatchBuilder.Build(new Model.RouteMatch { Path = new Model.PathMatch { Prefix = "/pkg.Svc/" } }, proxyless: true).Prefix
            .Should().Be("/pkg.Svc/", "a prefix ending in a slash is already on a segment boundary");
    }
}
