using Mesh.XdsServer.Tests.Translation.Simulation;
using Mesh.XdsServer.Translation;

namespace Mesh.XdsServer.Tests.Translation;

public sealed class SimulationTests
{
    private const string Reviews = "reviews.shop.svc.cluster.local";
    private static readonly string V1 = $"outbound|9080|v1|{Reviews}";
    private static readonly string V2 = $"outbound|9080|v2|{Reviews}";

    private static TranslatedResources Translate(string name)
    {
        var @case = GoldenCase.All().Single(c => c.Name == name);
        return MeshTranslator.TranslateOnce(@case.Model, @case.Scope);
    }

    private static readonly Lazy<TranslatedResources> Shop = new(() => Translate("sidecar-subsets-and-routes"));

    private static SimulationResult Call(SimulatedRequest request) => RouteSimulator.Sidecar(Shop.Value, request);

    [Fact]
    public void A_tester_get_reaches_v2_only()
    {
        var result = Call(new SimulatedRequest("reviews", 9080, "/reviews/1") { Headers = H("x-user-group", "testers") });
        result.Route.Should().Be("testers");
        result.Cluster.Should().Be(V2);
    }

    [Fact]
    public void A_tester_post_is_not_taken_by_the_get_only_route()
    {
        var result = Call(new SimulatedRequest("reviews", 9080, "/reviews/1", "POST") { Headers = H("x-user-group", "testers") });
        result.Route.Should().Be("default");
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public void An_api_call_with_every_header_condition_splits_evenly(string method)
    {
        var result = Call(new SimulatedRequest(Reviews, 9080, "/api/v2/items?x=1", method)
        {
            Headers = new Dictionary<string, string> { ["x-canary"] = "", ["X-Client"] = "mobile-ios", ["x-build"] = "42" },
        });
        result.Route.Should().Be("api");
        result.Clusters.Should().Equal(new Dictionary<string, uint> { [V1] = 50, [V2] = 50 });
    }

    [Theory]
    [InlineData("DELETE", "x-build", "42", "/api/v2/items")]
    [InlineData("GET", "x-build", "4a2", "/api/v2/items")]
    [InlineData("GET", "x-build", "42", "/api/vX/items")]
    [InlineData("GET", "x-debug", "1", "/api/v2/items")]
    public void An_api_call_missing_one_condition_falls_through_to_the_default_route(string method, string header, string value, string path)
    {
        var headers = new Dictionary<string, string> { ["x-canary"] = "1", ["x-client"] = "mobile-ios", ["x-build"] = "42" };
        headers[header] = value;
        var result = Call(new SimulatedRequest("reviews.shop", 9080, path, method) { Headers = headers });
        result.Route.Should().Be("default");
    }

    [Fact]
    public void The_exact_health_path_goes_to_v1_and_a_longer_path_does_not()
    {
        Call(new SimulatedRequest("reviews.shop.svc", 9080, "/healthz")).Cluster.Should().Be(V1);
        Call(new SimulatedRequest("reviews.shop.svc", 9080, "/healthz/live")).Route.Should().Be("default");
    }

    [Fact]
    public void The_default_route_splits_90_10_mirrors_to_v2_and_injects_faults()
    {
        var result = Call(new SimulatedRequest("10.96.0.20", 9080, "/anything"));
        result.Clusters.Should().Equal(new Dictionary<string, uint> { [V1] = 90, [V2] = 10 });
        result.Mirrors.Should().Equal(V2);
        result.Matched!.TypedPerFilterConfig.Should().ContainKey(XdsNames.FaultFilter);
        result.Matched.Route_.Timeout.ToTimeSpan().Should().Be(TimeSpan.FromSeconds(2));
        result.Matched.Route_.RetryPolicy.NumRetries.Should().Be(3);
    }

    [Fact]
    public void A_short_name_reaches_a_service_of_the_same_namespace_only()
    {
        Call(new SimulatedRequest("ratings", 9080)).Cluster.Should().Be("outbound|9080||ratings.shop.svc.cluster.local");
        // "payments" from the shop namespace is not billing's payments: it leaves the mesh.
        Call(new SimulatedRequest("payments", 9080)).Cluster.Should().Be(XdsNames.PassthroughCluster);
        Call(new SimulatedRequest("payments.billing", 9080)).Cluster.Should().Be("outbound|9080||payments.billing.svc.cluster.local");
    }

    [Fact]
    public void Under_registry_only_an_unknown_host_gets_502_and_a_listed_http_host_its_cluster()
    {
        var resources = Translate("registry-only-egress");
        RouteSimulator.Sidecar(resources, new SimulatedRequest("evil.example.org", 80)).DirectStatus.Should().Be(502);
        RouteSimulator.Sidecar(resources, new SimulatedRequest("plain.example.com", 80)).Cluster.Should().Be("outbound|80||plain.example.com");
        RouteSimulator.Sidecar(resources, new SimulatedRequest("web.front", 80)).Cluster.Should().Be("outbound|80||web.front.svc.cluster.local");
        RouteSimulator.Tcp(resources, "203.0.113.9", 5000).Should().Be(XdsNames.BlackHoleCluster);
    }

    [Fact]
    public void Under_allow_any_unknown_tcp_destinations_pass_through()
    {
        RouteSimulator.Tcp(Shop.Value, "203.0.113.9", 5000).Should().Be(XdsNames.PassthroughCluster);
    }

    [Fact]
    public void A_proxyless_client_with_the_version_header_reaches_v2()
    {
        var resources = Translate("proxyless-grpc");
        const string target = "greeter.demo.svc.cluster.local:50051";
        var request = new SimulatedRequest("greeter", 50051, "/helloworld.Greeter/SayHello", "POST") { Headers = H("x-version", "v2") };
        RouteSimulator.Proxyless(resources, target, request).Cluster.Should().Be("outbound|50051|v2|greeter.demo.svc.cluster.local");
        var split = RouteSimulator.Proxyless(resources, target, request with { Headers = H("x-version", "v1") });
        split.Route.Should().Be("split");
        split.Clusters.Values.Should().Equal(90u, 10u);
    }

    [Fact]
    public void A_route_to_other_services_splits_across_them_and_an_unresolvable_one_answers_503()
    {
        var resources = Translate("cross-service-backend");
        var api = RouteSimulator.Sidecar(resources, new SimulatedRequest("frontend", 80, "/api/x"));
        api.Clusters.Should().Equal(new Dictionary<string, uint>
        {
            ["outbound|8080||backend.web.svc.cluster.local"] = 80,
            ["outbound|9000||backend-next.next.svc.cluster.local"] = 20,
        });
        RouteSimulator.Sidecar(resources, new SimulatedRequest("frontend", 80, "/gone")).DirectStatus.Should().Be(503);
        RouteSimulator.Sidecar(resources, new SimulatedRequest("frontend", 80, "/")).Mirrors
            .Should().Equal("outbound|80||shadow.web.svc.cluster.local");
    }

    [Fact]
    public void A_tcp_service_is_reached_through_its_cluster_ip_listener()
    {
        var resources = Translate("tcp-and-inbound-strict");
        RouteSimulator.Tcp(resources, "10.96.3.3", 5432).Should().Be("outbound|5432||db.data.svc.cluster.local");
        RouteSimulator.Tcp(resources, "10.96.3.4", 6379).Should().Be("outbound|6379||cache.data.svc.cluster.local");
    }

    private static Dictionary<string, string> H(string name, string value) => new() { [name] = value };
}
