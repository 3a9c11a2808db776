using Mesh.XdsServer.Tests.Translation.Simulation;
using Mesh.XdsServer.Translation;

namespace Mesh.XdsServer.Tests.Translation;

/// <summary>Requests through the translated inbound RBAC filters, after Envoy's path normalization (the
/// CVE-2021-31920 class: a rule on /admin must also catch every spelling that reaches /admin).</summary>
public sealed class AuthorizationSimulationTests
{
    private const string Shop = "spiffe://example.org/ns/shop/sa/";
    private const int Reviews = 9080;
    private const int Admin = 8081;
    private const int Db = 5432;
    private const int Metrics = 9090;

    private static readonly Lazy<TranslatedResources> Sidecar = new(() => Translate("inbound-authorization"));
    private static readonly Lazy<TranslatedResources> Grpc = new(() => Translate("proxyless-grpc-server"));

    private static TranslatedResources Translate(string name)
    {
        var @case = GoldenCase.All().Single(c => c.Name == name);
        return MeshTranslator.TranslateOnce(@case.Model, @case.Scope);
    }

    private static InboundDecision Call(string path, int port, string? principal, string method = "GET") =>
        RbacSimulator.Sidecar(Sidecar.Value, new InboundRequest(path, port, principal, method));

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/users")]
    [InlineData("//admin")]
    [InlineData("/admin#x")]
    [InlineData("/./admin")]
    [InlineData("/public/../admin")]
    [InlineData("/%61dmin")]
    [InlineData("/admin?debug=1")]
    [InlineData("\\admin")]
    [InlineData("/debug")]
    public void Every_spelling_of_a_denied_path_is_denied(string path)
    {
        var decision = Call(path, Admin, Shop + "web");
        decision.Status.Should().Be(403);
        decision.DeniedBy.Should().Be("deny/shop/reviews-admin/rules[0]");
    }

    [Theory]
    [InlineData("/%2Fadmin")]
    [InlineData("/%2fadmin")]
    [InlineData("/x%5C..%5Cadmin")]
    public void Escaped_slashes_are_refused_before_any_rule(string path) => Call(path, Admin, Shop + "web").Status.Should().Be(400);

    [Theory]
    [InlineData("/administrator")]
    [InlineData("/adminx")]
    [InlineData("/public/admin")]
    [InlineData("/debug/x")]
    public void A_deny_prefix_covers_whole_segments_only(string path) => Call(path, Admin, Shop + "web").Forwarded.Should().BeTrue();

    [Fact]
    public void The_same_namespace_default_refuses_other_namespaces_and_plaintext_where_no_deny_matched()
    {
        Call("/status", Admin, "spiffe://example.org/ns/other/sa/web").DeniedBy.Should().Be(XdsNames.RbacAllowFilter);
        // The admin service is Strict: no plaintext chain at all.
        var inbound = Sidecar.Value.Listeners.Single(l => l.Name == XdsNames.VirtualInbound);
        inbound.FilterChains.Should().NotContain(c => c.FilterChainMatch != null && c.FilterChainMatch.DestinationPort == Admin && c.FilterChainMatch.TransportProtocol == "raw_buffer");
    }

    [Theory]
    [InlineData("/reviews", "GET", Shop + "productpage")]
    [InlineData("/reviews/1", "HEAD", Shop + "productpage")]
    [InlineData("//reviews//1", "GET", "spiffe://example.org/ns/monitoring/sa/prometheus")]
    [InlineData("/healthz", "GET", Shop + "productpage")]
    [InlineData("/anything", "POST", "spiffe://example.org/ns/jobs/sa/batch")]
    public void Allow_rules_admit_what_they_name(string path, string method, string principal) =>
        Call(path, Reviews, principal, method).Forwarded.Should().BeTrue();

    [Theory]
    [InlineData("/reviewsx", "GET", Shop + "productpage")]
    [InlineData("/reviews/1", "POST", Shop + "productpage")]
    [InlineData("/reviews/1", "GET", Shop + "web")]
    [InlineData("/reviews/1", "GET", "spiffe://other.org/ns/shop/sa/productpage")]
    [InlineData("/anything", "POST", "spiffe://example.org/ns/jobs/sa/other")]
    [InlineData("/reviews/1", "GET", null)]
    public void Once_an_allow_rule_exists_everything_else_is_refused(string path, string method, string? principal) =>
        Call(path, Reviews, principal, method).Status.Should().Be(403);

    [Fact]
    public void Audit_rules_tag_the_request_with_the_rule_and_the_deny_all_default_refuses_it()
    {
        var monitoring = Call("/metrics", Metrics, "spiffe://example.org/ns/monitoring/sa/prometheus");
        monitoring.AuditedBy.Should().Be("audit/shop/reviews-metrics/rules[0]");
        monitoring.Status.Should().Be(403);
        var filters = Manager(Metrics).HttpFilters.Select(f => f.Name).ToArray();
        filters.Should().Equal(XdsNames.RbacAuditFilter, XdsNames.RbacAllowFilter, XdsNames.FaultFilter, XdsNames.RouterFilter);
    }

    [Fact]
    public void A_tcp_port_gets_network_rbac_where_an_allow_operation_needing_methods_never_matches()
    {
        var chain = Sidecar.Value.Listeners.Single(l => l.Name == XdsNames.VirtualInbound).FilterChains
            .Single(c => c.FilterChainMatch?.DestinationPort == Db);
        chain.Filters.Select(f => f.Name).Should().Equal(XdsNames.NetworkRbacAllowFilter, XdsNames.TcpProxyFilter);
        var rbac = chain.Filters[0].TypedConfig.Unpack<Envoy.Extensions.Filters.Network.Rbac.V3.RBAC>();
        rbac.Rules.Policies.Keys.Should().Equal("allow/shop/reviews-db/rules[0]");
    }

    [Fact]
    public void The_rate_limited_port_answers_429_after_the_burst_per_pod_and_names_the_limit()
    {
        var filter = Manager(Reviews).HttpFilters.Single(f => f.Name == XdsNames.LocalRateLimitFilter);
        var limit = filter.TypedConfig.Unpack<Envoy.Extensions.Filters.Http.LocalRatelimit.V3.LocalRateLimit>();
        limit.TokenBucket.MaxTokens.Should().Be(200);
        limit.TokenBucket.TokensPerFill.Should().Be(100);
        limit.TokenBucket.FillInterval.ToTimeSpan().Should().Be(TimeSpan.FromSeconds(1));
        limit.Status.Code.Should().Be(Envoy.Type.V3.StatusCode.TooManyRequests);
        limit.FilterEnabled.DefaultValue.Numerator.Should().Be(100);
        limit.FilterEnforced.DefaultValue.Numerator.Should().Be(100);
        limit.ResponseHeadersToAdd.Single().Header.Value.Should().Be("reviews.shop;rps=100;burst=200;per=pod");
        // After authorization: a refused request never spends a token.
        Manager(Reviews).HttpFilters.Select(f => f.Name).Should().Equal(
            XdsNames.RbacAllowFilter, XdsNames.LocalRateLimitFilter, XdsNames.FaultFilter, XdsNames.RouterFilter);
    }

    [Theory]
    [InlineData("/helloworld.Greeter/SayHello", "spiffe://cluster.local/ns/demo/sa/client", null)]
    [InlineData("/helloworld.Greeter/SayGoodbye", "spiffe://cluster.local/ns/demo/sa/client", 403)]
    [InlineData("/helloworld.Greeter/SayHello", "spiffe://cluster.local/ns/demo/sa/other", 403)]
    [InlineData("/grpc.health.v1.Health/Check", "spiffe://cluster.local/ns/ops/sa/probe", null)]
    public void A_proxyless_grpc_server_admits_only_the_allowed_methods(string method, string principal, int? status)
    {
        foreach (var host in new[] { "0.0.0.0", "::" })
        {
            RbacSimulator.ProxylessServer(Grpc.Value, XdsNames.ProxylessServerListener(host, 50051), new InboundRequest(method, 50051, principal, "POST"))
                .Status.Should().Be(status);
        }
    }

    [Fact]
    public void A_proxyless_server_listener_echoes_the_bound_address_and_drops_audit_rules()
    {
        var listener = Grpc.Value.Listeners.Single(l => l.Name == "xds.mesh.dev/grpc/lds/inbound/[::]:9000");
        listener.Address.SocketAddress.Address.Should().Be("::");
        listener.Address.SocketAddress.PortValue.Should().Be(9000u);
        // Audit dropped, DenyAll kept: an ALLOW filter without policies refuses every call.
        var decision = RbacSimulator.ProxylessServer(Grpc.Value, listener.Name, new InboundRequest("/x.Y/Z", 9000, "spiffe://cluster.local/ns/ops/sa/a", "POST"));
        decision.Status.Should().Be(403);
        decision.AuditedBy.Should().BeNull();
        listener.FilterChains.Single().TransportSocket.Should().BeNull("greeter-admin is Permissive: gRPC cannot serve TLS and plaintext on one port");
        Grpc.Value.Listeners.Single(l => l.Name == "xds.mesh.dev/grpc/lds/inbound/0.0.0.0:50051").FilterChains.Single().TransportSocket
            .Should().NotBeNull("greeter is Strict");
    }

    private static Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpConnectionManager Manager(int port) =>
        Sidecar.Value.Listeners.Single(l => l.Name == XdsNames.VirtualInbound).FilterChains
            .First(c => c.FilterChainMatch?.DestinationPort == (uint)port)
            .Filters.Single().TypedConfig.Unpack<Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpConnectionManager>();
}
