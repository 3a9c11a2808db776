using Envoy.Config.Listener.V3;
using Mesh.XdsServer.Model;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Translation;

namespace Mesh.XdsServer.Tests.Translation;

/// <summary>
/// gRFC A36 server listeners for hosts the translator does not pre-build (a host name such as <c>localhost</c>, an IP
/// the scope does not know): answered for the pod's meshed ports with the same chains as the pre-built ones, echoing
/// the requested host and port; any other name does not exist.
/// </summary>
public sealed class ProxylessServerListenerTemplateTests
{
    private const int GrpcPort = 50051;
    private const int TcpPort = 5432;

    [Theory]
    [InlineData("localhost", "localhost")]
    [InlineData("echo-7d9f-x2.echo.demo.svc.cluster.local", "echo-7d9f-x2.echo.demo.svc.cluster.local")]
    [InlineData("127.0.0.2", "127.0.0.2")]
    [InlineData("[fd00::7]", "fd00::7")]
    public void A_meshed_port_is_answered_for_any_host_with_the_host_and_port_echoed(string requested, string socketHost)
    {
        var template = Template();
        var name = $"xds.mesh.dev/grpc/lds/inbound/{requested}:{GrpcPort}";

        var listener = template.Build(name).Should().BeOfType<Listener>().Subject;

        listener.Name.Should().Be(name);
        (listener.Address.SocketAddress.Address, listener.Address.SocketAddress.PortValue).Should().Be((socketHost, (uint)GrpcPort));
        var prebuilt = Translated().Listeners.Single(l => l.Name == XdsNames.ProxylessServerListener("0.0.0.0", GrpcPort));
        listener.FilterChains.Should().HaveCount(prebuilt.FilterChains.Count);
        listener.FilterChains[0].TransportSocket.Should().Be(prebuilt.FilterChains[0].TransportSocket, "Strict gets the same TLS-only chain");
        WithoutHostNames(listener).Should().Be(WithoutHostNames(prebuilt), "the RBAC and routes are the pre-built listener's");
    }

    [Theory]
    [InlineData("xds.mesh.dev/grpc/lds/inbound/localhost:5432")] // a meshed port, but TCP: no gRPC server there
    [InlineData("xds.mesh.dev/grpc/lds/inbound/localhost:9")] // not a port of the pod
    [InlineData("xds.mesh.dev/grpc/lds/inbound/localhost")] // no port
    [InlineData("xds.mesh.dev/grpc/lds/inbound/localhost:0")]
    [InlineData("xds.mesh.dev/grpc/lds/inbound/localhost:99999")]
    [InlineData("xds.mesh.dev/grpc/lds/inbound/:50051")]
    [InlineData("xds.mesh.dev/grpc/lds/inbound/bad_host:50051")]
    [InlineData("xds.mesh.dev/grpc/lds/inbound/-lead.example:50051")]
    [InlineData("xds.mesh.dev/grpc/lds/inbound/999.1.1.1:50051")]
    [InlineData("xds.mesh.dev/grpc/lds/inbound/fd00::7:50051")] // an IPv6 host without brackets is ambiguous
    [InlineData("xds.mesh.dev/grpc/lds/inbound/[127.0.0.1]:50051")]
    [InlineData("xds.mesh.dev/grpc/lds/inbound/localhost:+50051")]
    [InlineData("echo.demo.svc.cluster.local:50051")] // a client's API listener name
    [InlineData("other.dev/lds/inbound/localhost:50051")]
    public void Other_names_do_not_exist(string name)
    {
        Template().Build(name).Should().BeNull();
    }

    [Fact]
    public void A_host_name_longer_than_dns_allows_does_not_exist()
    {
        var host = string.Join('.', Enumerable.Repeat(new string('a', 63), 4));
        Template().Build($"xds.mesh.dev/grpc/lds/inbound/{host}:{GrpcPort}").Should().BeNull();
    }

    [Fact]
    public void A_repeated_name_gets_the_same_instance_and_the_memo_stops_growing_at_its_bound()
    {
        var template = Template();
        var name = $"xds.mesh.dev/grpc/lds/inbound/localhost:{GrpcPort}";
        template.Build(name).Should().BeSameAs(template.Build(name), "a memoized listener is serialized once");

        for (var i = 0; i < ProxylessServerListenerTemplate.MaxMemoized + 10; i++)
        {
            template.Build($"xds.mesh.dev/grpc/lds/inbound/host-{i}:{GrpcPort}").Should().NotBeNull();
        }

        var late = $"xds.mesh.dev/grpc/lds/inbound/late:{GrpcPort}";
        template.Build(late).Should().NotBeSameAs(template.Build(late), "past the bound a listener is built per request");
        template.Build(late).Should().Be(template.Build(late));
    }

    [Fact]
    public void The_translator_gives_a_proxyless_pod_a_template_and_a_sidecar_or_a_pod_serving_nothing_none()
    {
        Translated().ListenerTemplate.Should().BeOfType<ProxylessServerListenerTemplate>()
            .Which.Ports.Should().Equal([GrpcPort], "only the gRPC port: the TCP one has no gRPC server");
        MeshTranslator.TranslateOnce(Model(), Scope() with { Kind = ProxyKind.Sidecar }).ListenerTemplate.Should().BeNull();
        MeshTranslator.TranslateOnce(Model(), Scope() with { Labels = new Dictionary<string, string> { ["app"] = "other" } })
            .ListenerTemplate.Should().BeNull();
    }

    [Fact]
    public void A_snapshot_with_the_template_finds_a_localhost_listener_by_name()
    {
        var translated = Translated();
        var snapshot = Snapshot.Create(translated.All()).WithTemplate(TypeUrls.Listener, translated.ListenerTemplate!);
        var name = XdsNames.ProxylessServerListener("localhost", GrpcPort);

        snapshot.Get(TypeUrls.Listener).ByName.Should().NotContainKey(name, "it is not pre-built");
        snapshot.Get(TypeUrls.Listener).Find(name)!.Name.Should().Be(name);
        snapshot.Get(TypeUrls.Listener).Find(XdsNames.ProxylessServerListener("localhost", 9)).Should().BeNull();
    }

    private static Listener WithoutHostNames(Listener listener)
    {
        var copy = listener.Clone();
        copy.Name = "";
        copy.Address = null;
        foreach (var chain in copy.FilterChains)
        {
            var hcm = chain.Filters[0].TypedConfig.Unpack<Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpConnectionManager>();
            hcm.StatPrefix = "";
            hcm.RouteConfig.Name = "";
            chain.Filters[0].TypedConfig = Google.Protobuf.WellKnownTypes.Any.Pack(hcm);
        }
        return copy;
    }

    private static ProxylessServerListenerTemplate Template() => (ProxylessServerListenerTemplate)Translated().ListenerTemplate!;

    private static TranslatedResources Translated() => MeshTranslator.TranslateOnce(Model(), Scope());

    private static ProxyScope Scope() => new()
    {
        Namespace = "demo",
        Kind = ProxyKind.ProxylessGrpc,
        Labels = new Dictionary<string, string> { ["app"] = "echo" },
        PodIps = ["10.9.8.7"],
    };

    private static MeshModel Model() => new()
    {
        Services =
        [
            new MeshService
            {
                Name = "echo",
                Namespace = "demo",
                Selector = new Dictionary<string, string> { ["app"] = "echo" },
                Mtls = MtlsMode.Strict,
                Ports = [new ServicePort { Port = GrpcPort, Protocol = ServiceProtocol.Grpc }, new ServicePort { Port = TcpPort, Protocol = ServiceProtocol.Tcp }],
                Authorization = new AuthorizationPolicy
                {
                    Rules = [new AuthorizationRule { To = [new AuthorizationOperation { Paths = ["/mesh.conformance.Echo/Which"] }] }],
                },
            },
        ],
    };
}
