using Envoy.Service.Discovery.V3;
using Grpc.Core;
using Mesh.XdsServer.Config;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Tests.Support;
using Mesh.XdsServer.Translation;
using static Mesh.XdsServer.Tests.Config.ConfigModels;

namespace Mesh.XdsServer.Tests.Config;

/// <summary>
/// The two xDS ports as the operator runs them: sidecars on mTLS with a certificate matching their pod, proxyless
/// clients on plaintext, and every other caller refused on its own stream with a clear status while the server goes on.
/// </summary>
public sealed class SecureXdsTests : IAsyncLifetime
{
    private readonly TestCa _ca = new();
    private readonly TestCa _otherCa = new("other-root");
    private readonly Mesh.XdsServer.Model.Workload _pod = Pod("reviews-1", "reviews", sa: "reviews");
    private XdsTestServer? _server;

    private XdsTestServer Server => _server!;

    public async Task InitializeAsync()
    {
        _server = await XdsTestServer.StartSecureAsync(_ca, o => o.MaxReceiveMessageSize = 64 * 1024);
        Server.Get<MeshConfigServer>().Publish(MeshModelOf([_pod])).Should().BeEmpty();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _ca.Dispose();
        _otherCa.Dispose();
    }

    [Fact]
    public async Task A_sidecar_with_its_pods_certificate_is_served_on_the_mtls_port()
    {
        await using var envoy = new FakeEnvoy(Server.NewTlsClient(_ca, _ca.Workload("shop", "reviews")), NodeId(_pod));

        await envoy.SubscribeAsync(TypeUrls.Secret);
        var secrets = await envoy.ReceiveAsync();

        secrets.Names().Should().Contain("default", "the workload certificate's SDS reference travels only on the mTLS port");
        await AssertServerStillServesAsync();
    }

    [Fact]
    public async Task A_certificate_of_another_service_account_is_refused_with_permission_denied()
    {
        var status = await RefusedAsync(Server.NewTlsClient(_ca, _ca.Workload("shop", "ratings")), NodeId(_pod));

        status.StatusCode.Should().Be(StatusCode.PermissionDenied);
        status.Detail.Should().Contain("service account 'reviews'").And.Contain("spiffe://cluster.local/ns/shop/sa/ratings");
    }

    [Fact]
    public async Task A_node_id_of_another_namespace_than_the_certificate_is_refused_with_permission_denied()
    {
        var status = await RefusedAsync(Server.NewTlsClient(_ca, _ca.Workload("pay", "reviews")), NodeId(_pod));

        status.StatusCode.Should().Be(StatusCode.PermissionDenied);
        status.Detail.Should().Contain("namespace 'shop'").And.Contain("namespace 'pay'");
    }

    [Fact]
    public async Task A_certificate_from_another_ca_is_refused_with_unauthenticated()
    {
        var status = await RefusedAsync(Server.NewTlsClient(_ca, _otherCa.Workload("shop", "reviews")), NodeId(_pod));

        status.StatusCode.Should().Be(StatusCode.Unauthenticated);
        status.Detail.Should().Contain("does not chain to the mesh trust bundle");
    }

    [Fact]
    public async Task No_certificate_on_the_mtls_port_is_refused_with_unauthenticated()
    {
        var status = await RefusedAsync(Server.NewTlsClient(_ca, null), NodeId(_pod));

        status.StatusCode.Should().Be(StatusCode.Unauthenticated);
        status.Detail.Should().Contain("requires a client certificate");
    }

    [Fact]
    public async Task A_sidecar_node_id_on_the_plaintext_port_is_refused_so_no_secret_travels_in_plaintext()
    {
        var status = await RefusedAsync(Server.NewClient(), NodeId(_pod));

        status.StatusCode.Should().Be(StatusCode.PermissionDenied);
        status.Detail.Should().Contain("mTLS xDS port");
    }

    [Fact]
    public async Task A_proxyless_client_is_served_on_the_plaintext_port_without_secrets()
    {
        await using var client = new FakeEnvoy(Server.NewClient(), "grpc-client");

        await client.SubscribeAsync(TypeUrls.Secret);
        await client.SubscribeAsync(TypeUrls.Listener);
        var first = await client.ReceiveAsync();
        var second = await client.ReceiveAsync();

        new[] { first, second }.Single(r => r.TypeUrl == TypeUrls.Secret).Resources.Should().BeEmpty();
        new[] { first, second }.Single(r => r.TypeUrl == TypeUrls.Listener).Names().Should().Contain("reviews.shop.svc.cluster.local:9080");
    }

    /// <summary>
    /// A proxyless gRPC pod (the injector's bootstrap: its pod's node id, plaintext port, a gRPC user agent) is served
    /// its pod's config, server listeners included (here one for localhost, built on demand), and no secret.
    /// </summary>
    [Fact]
    public async Task A_proxyless_grpc_pod_is_served_its_pods_config_on_the_plaintext_port_without_secrets()
    {
        await using var pod = new FakeEnvoy(Server.NewClient(), NodeId(_pod));
        var listener = XdsNames.ProxylessServerListener("localhost", 9080);

        await pod.SendAsync(new DiscoveryRequest { Node = GrpcNode(NodeId(_pod)), TypeUrl = TypeUrls.Listener, ResourceNames = { listener } });
        var listeners = await pod.ReceiveAsync();
        await pod.SubscribeAsync(TypeUrls.Secret);
        var secrets = await pod.ReceiveAsync();

        listeners.Names().Should().Equal([listener], "the pod serves reviews on 9080");
        secrets.Resources.Should().BeEmpty("a proxyless pod's config carries no secret");
    }

    /// <summary>
    /// A stream that claims a gRPC user agent for the node id of a connected Envoy sidecar gets proxyless config under
    /// its own cache entry: never the sidecar's snapshot (SDS) on plaintext, and the sidecar keeps its own.
    /// </summary>
    [Fact]
    public async Task A_grpc_stream_with_a_sidecars_node_id_on_plaintext_never_gets_the_sidecars_snapshot()
    {
        await using var envoy = new FakeEnvoy(Server.NewTlsClient(_ca, _ca.Workload("shop", "reviews")), NodeId(_pod));
        await envoy.SubscribeAsync(TypeUrls.Secret);
        (await envoy.ReceiveAsync()).Names().Should().Contain("default");

        await using var impostor = new FakeEnvoy(Server.NewClient(), NodeId(_pod));
        await impostor.SendAsync(new DiscoveryRequest { Node = GrpcNode(NodeId(_pod)), TypeUrl = TypeUrls.Secret });

        (await impostor.ReceiveAsync()).Resources.Should().BeEmpty("no secret travels on the plaintext port");
        Server.Cache.TryGetSnapshot(MeshConfigServer.SidecarKey(NodeId(_pod)), out var sidecar).Should().BeTrue();
        sidecar!.Get(TypeUrls.Secret).Count.Should().BeGreaterThan(0, "the sidecar's own entry is untouched");
    }

    [Theory]
    [InlineData("")]
    [InlineData("sidecar~10.0.1.9~reviews-1~shop.svc.cluster.local")]
    public async Task An_empty_or_malformed_node_id_is_refused_with_invalid_argument(string nodeId)
    {
        var status = await RefusedAsync(Server.NewClient(), nodeId);

        status.StatusCode.Should().Be(StatusCode.InvalidArgument);
    }

    [Fact]
    public async Task An_unknown_type_url_is_refused_with_invalid_argument()
    {
        await using var client = new FakeEnvoy(Server.NewClient(), "grpc-client");

        await client.SubscribeAsync("type.googleapis.com/envoy.config.core.v3.Bogus");
        var status = await client.WaitForEndAsync();

        status.StatusCode.Should().Be(StatusCode.InvalidArgument);
        status.Detail.Should().Contain("unknown type_url");
        await AssertServerStillServesAsync();
    }

    [Fact]
    public async Task A_request_over_the_size_limit_is_refused_with_resource_exhausted()
    {
        await using var client = new FakeEnvoy(Server.NewClient(), "grpc-client");

        try
        {
            await client.SubscribeAsync(TypeUrls.Cluster, [.. Enumerable.Range(0, 2000).Select(i => $"outbound|80||service-{i}.with-a-rather-long-namespace-name.svc.cluster.local")]);
        }
        catch (RpcException)
        {
            // The server may end the call while the request is still being written: its status is read below.
        }

        var status = await client.WaitForEndAsync();

        status.StatusCode.Should().Be(StatusCode.ResourceExhausted);
        await AssertServerStillServesAsync();
    }

    private static Envoy.Config.Core.V3.Node GrpcNode(string id) =>
        new() { Id = id, UserAgentName = Mesh.XdsServer.Model.ProxyCapabilityTable.GrpcJsUserAgent, UserAgentVersion = "1.14.1" };

    private static async Task<Grpc.Core.Status> RefusedAsync(Envoy.Service.Discovery.V3.AggregatedDiscoveryService.AggregatedDiscoveryServiceClient client, string nodeId)
    {
        await using var envoy = new FakeEnvoy(client, nodeId);
        try
        {
            await envoy.SubscribeAsync(TypeUrls.Cluster);
        }
        catch (RpcException e)
        {
            return e.Status;
        }

        return await envoy.WaitForEndAsync();
    }

    /// <summary>The refusal ended one stream only: a good client is still served.</summary>
    private async Task AssertServerStillServesAsync()
    {
        await using var client = new FakeEnvoy(Server.NewClient(), "still-served");
        await client.SubscribeAsync(TypeUrls.Listener);
        (await client.ReceiveAsync()).Resources.Should().NotBeEmpty();
    }
}
