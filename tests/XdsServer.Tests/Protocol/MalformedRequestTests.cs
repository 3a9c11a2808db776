using Envoy.Service.Discovery.V3;
using Grpc.Core;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Tests.Support;

namespace Mesh.XdsServer.Tests.Protocol;

public sealed class MalformedRequestTests
{
    [Fact]
    public async Task A_first_request_without_a_node_ends_that_stream_with_invalid_argument()
    {
        await using var server = await XdsTestServer.StartAsync();
        await using var envoy = new FakeEnvoy(server.NewClient(), "");

        await envoy.SendAsync(new DiscoveryRequest { TypeUrl = TypeUrls.Cluster });

        var status = await envoy.WaitForEndAsync();
        status.StatusCode.Should().Be(StatusCode.InvalidArgument);
        status.Detail.Should().Contain("node");
        await AssertServerStillServesAsync(server);
    }

    [Fact]
    public async Task An_unknown_type_url_ends_that_stream_with_invalid_argument()
    {
        await using var server = await XdsTestServer.StartAsync();
        await using var envoy = new FakeEnvoy(server.NewClient(), "p");

        await envoy.SubscribeAsync("type.googleapis.com/envoy.config.core.v3.Nonsense");

        var status = await envoy.WaitForEndAsync();
        status.StatusCode.Should().Be(StatusCode.InvalidArgument);
        status.Detail.Should().Contain("envoy.config.core.v3.Nonsense");
        await AssertServerStillServesAsync(server);
    }

    [Fact]
    public async Task A_missing_type_url_ends_that_stream_with_invalid_argument()
    {
        await using var server = await XdsTestServer.StartAsync();
        await using var envoy = new FakeEnvoy(server.NewClient(), "p");

        await envoy.SendAsync(new DiscoveryRequest());

        (await envoy.WaitForEndAsync()).StatusCode.Should().Be(StatusCode.InvalidArgument);
    }

    [Fact]
    public async Task A_nonce_never_sent_on_the_stream_ends_it_with_invalid_argument()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster("c")]));
        await using var envoy = new FakeEnvoy(server.NewClient(), "p");
        await envoy.SubscribeAsync(TypeUrls.Cluster);
        var response = await envoy.ReceiveAsync();

        await envoy.SendAsync(new DiscoveryRequest { TypeUrl = TypeUrls.Cluster, VersionInfo = response.VersionInfo, ResponseNonce = "999" });

        var status = await envoy.WaitForEndAsync();
        status.StatusCode.Should().Be(StatusCode.InvalidArgument);
        status.Detail.Should().Contain("999");
        await server.WaitForGoneAsync("p");
    }

    [Fact]
    public async Task A_delta_request_with_an_unknown_type_ends_that_stream_and_not_the_others()
    {
        await using var server = await XdsTestServer.StartAsync();
        await using var envoy = new FakeDeltaEnvoy(server.NewClient(), "p");

        await envoy.SubscribeAsync("type.googleapis.com/nope");

        (await envoy.WaitForEndAsync()).StatusCode.Should().Be(StatusCode.InvalidArgument);
        await AssertServerStillServesAsync(server);
    }

    [Fact]
    public async Task An_oversized_response_ends_the_stream_with_resource_exhausted()
    {
        await using var server = await XdsTestServer.StartAsync(o => o.MaxSendMessageSize = 2048);
        var clusters = Enumerable.Range(0, 100).Select(i => TestResources.StaticCluster($"cluster-with-a-long-name-{i:D4}"));
        server.Cache.SetSnapshot("p", Snapshot.Create(clusters));
        await using var envoy = new FakeEnvoy(server.NewClient(), "p");

        await envoy.SubscribeAsync(TypeUrls.Cluster);

        var status = await envoy.WaitForEndAsync();
        status.StatusCode.Should().Be(StatusCode.ResourceExhausted);
        status.Detail.Should().Contain("2048");
        await AssertServerStillServesAsync(server);
    }

    private static async Task AssertServerStillServesAsync(XdsTestServer server)
    {
        server.Cache.SetSnapshot("healthy", Snapshot.Create([TestResources.StaticCluster("ok")]));
        await using var other = new FakeEnvoy(server.NewClient(), "healthy");
        await other.SubscribeAsync(TypeUrls.Cluster);
        (await other.ReceiveAsync()).Names().Should().Equal("ok");
    }
}
