using Envoy.Config.Bootstrap.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Mesh.Operator.Sidecar;
using Mesh.XdsServer.Contract;
using Mesh.XdsServer.Validation;

namespace Mesh.Operator.Tests.Sidecar;

public sealed class AppHealthTests
{
    private static readonly Dictionary<string, AppProber> Probers = new()
    {
        ["/app-health/web/livez"] = new AppProber { Port = 8080, Path = "/healthz" },
        ["/app-health/web/readyz"] = new AppProber { Port = 8080, Path = "/ready?full=1" },
        ["/app-health/admin/startupz"] = new AppProber { Port = 9443, Path = "/started", Scheme = "HTTPS" },
    };

    [Fact]
    public void The_per_pod_config_merged_over_the_bootstrap_as_envoy_does_is_valid()
    {
        // Envoy parses --config-yaml into a Bootstrap and merges it into the file's (proto MergeFrom).
        var fragment = EnvoyParsing.Parse<Bootstrap>(AppHealthConfig.ConfigYaml(Probers)!);
        var merged = SidecarBootstrapBuilder.Build(new SidecarBootstrapInput { Namespace = "shop", TrustDomain = "cluster.local" });
        merged.MergeFrom(fragment);

        ProtoValidator.Validate(merged).Should().BeEmpty();
        merged.StaticResources.Listeners.Select(l => l.Name).Should().OnlyHaveUniqueItems();
        merged.StaticResources.Clusters.Select(c => c.Name).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Each_rewritten_probe_reaches_its_app_port_on_loopback_with_the_original_path()
    {
        var fragment = AppHealthConfig.Build(Probers);

        var listener = fragment.StaticResources.Listeners.Should().ContainSingle().Subject;
        listener.Address.SocketAddress.Address.Should().Be("127.0.0.1", "only the health listener may reach it");
        listener.Address.SocketAddress.PortValue.Should().Be((uint)SidecarContract.AgentPort);
        SidecarBootstrapTests.Routes(fragment, SidecarContract.AgentPort).Should().Equal(
            ("/app-health/admin/startupz", "mesh-app-probe|9443|https", "/started"),
            ("/app-health/web/livez", "mesh-app-probe|8080|http", "/healthz"),
            ("/app-health/web/readyz", "mesh-app-probe|8080|http", "/ready?full=1"));
        fragment.StaticResources.Clusters.Select(c => c.Name).Should().Equal("mesh-app-probe|9443|https", "mesh-app-probe|8080|http");
        var https = fragment.StaticResources.Clusters[0];
        https.LoadAssignment.Endpoints.Single().LbEndpoints.Single().Endpoint.Address.SocketAddress.Address.Should().Be("127.0.0.1");
        https.TransportSocket.TypedConfig.Unpack<UpstreamTlsContext>().Should().NotBeNull();
        fragment.StaticResources.Clusters[1].TransportSocket.Should().BeNull();
    }

    [Fact]
    public void Probe_headers_reach_the_app_and_a_Host_header_rewrites_the_authority()
    {
        var probers = new Dictionary<string, AppProber>
        {
            ["/app-health/web/livez"] = new AppProber
            {
                Port = 8080,
                Path = "/healthz",
                Headers = [new AppProbeHeader("X-Probe", "kubelet"), new AppProbeHeader("Host", "web.internal")],
            },
        };

        var route = AppHealthConfig.Build(probers).StaticResources.Listeners.Single().FilterChains.Single().Filters.Single()
            .TypedConfig.Unpack<Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpConnectionManager>()
            .RouteConfig.VirtualHosts.Single().Routes.Single();

        route.RequestHeadersToAdd.Select(h => (h.Header.Key, h.Header.Value)).Should().Equal(("x-probe", "kubelet"));
        route.Route_.HostRewriteLiteral.Should().Be("web.internal");
        ProtoValidator.Validate(EnvoyParsing.Parse<Bootstrap>(AppHealthConfig.ConfigYaml(probers)!)).Should().BeEmpty();
    }

    [Fact]
    public void The_annotation_keeps_probe_headers_and_refuses_a_header_name_that_is_not_a_token()
    {
        var value = AppProbers.Serialize(new Dictionary<string, AppProber>
        {
            ["/app-health/web/livez"] = new AppProber { Port = 8080, Headers = [new AppProbeHeader("X-Probe", "1")] },
        });
        AppProbers.Parse(value).Probers!["/app-health/web/livez"].Headers.Should().Equal(new AppProbeHeader("X-Probe", "1"));

        var (probers, error) = AppProbers.Parse("""{"/app-health/web/livez":{"port":8080,"headers":[{"name":"bad name","value":"x"}]}}""");
        probers.Should().BeNull();
        error.Should().Contain("header 'bad name' needs a token name");
    }

    [Fact]
    public void A_pod_without_rewritten_probes_gets_no_config_yaml()
    {
        AppHealthConfig.ConfigYaml(new Dictionary<string, AppProber>()).Should().BeNull();
        ProxyArguments.For(new Dictionary<string, AppProber>()).Should().NotContain("--config-yaml");
    }

    [Fact]
    public void The_proxy_arguments_name_the_bootstrap_the_node_and_the_per_pod_probes()
    {
        var args = ProxyArguments.For(Probers);

        args.Should().ContainInConsecutiveOrder("-c", SidecarContract.BootstrapPath);
        args.Should().ContainInConsecutiveOrder("--service-node", SidecarContract.NodeIdFromEnvironment);
        args.Should().ContainInConsecutiveOrder("--config-yaml", AppHealthConfig.ConfigYaml(Probers));
        args.Should().ContainInConsecutiveOrder("--drain-time-s", "5");
    }

    [Fact]
    public void The_annotation_round_trips_in_the_documented_shape()
    {
        var json = AppProbers.Serialize(Probers);

        json.Should().Contain("\"/app-health/web/livez\":{\"port\":8080,\"path\":\"/healthz\",\"scheme\":\"HTTP\"}");
        var (parsed, error) = AppProbers.Parse(json);
        error.Should().BeNull();
        parsed.Should().BeEquivalentTo(Probers);
        AppProbers.PathOf("web", "livez").Should().Be("/app-health/web/livez");
    }

    [Theory]
    [InlineData("not json", "is not a JSON object")]
    [InlineData("{\"/app-health/web/livez\":{\"port\":8080,\"bogus\":1}}", "is not a JSON object")]
    [InlineData("{\"/healthz\":{\"port\":8080}}", "must start with /app-health/")]
    [InlineData("{\"/app-health/web/livez\":{\"port\":0}}", "port 0 is outside 1..65535")]
    [InlineData("{\"/app-health/web/livez\":{\"port\":80,\"path\":\"healthz\"}}", "must start with '/'")]
    [InlineData("{\"/app-health/web/livez\":{\"port\":80,\"scheme\":\"GRPC\"}}", "neither HTTP nor HTTPS")]
    public void A_bad_annotation_is_refused_with_the_reason(string annotation, string reason)
    {
        var (parsed, error) = AppProbers.Parse(annotation);

        parsed.Should().BeNull();
        error.Should().Contain(reason);
    }

    [Fact]
    public void Building_from_bad_probers_throws_with_every_problem()
    {
        var build = () => AppHealthConfig.Build(new Dictionary<string, AppProber>
        {
            ["/x"] = new AppProber { Port = 70000 },
        });

        build.Should().Throw<ArgumentException>().WithMessage("*must start with /app-health/*port 70000*");
    }
}
