using Mesh.XdsServer.Config;
using Mesh.XdsServer.Hosting;
using Mesh.XdsServer.Model;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Status;
using Mesh.XdsServer.Tests.Support;
using static Mesh.XdsServer.Tests.Config.ConfigModels;

namespace Mesh.XdsServer.Tests.Config;

/// <summary>The config server behind real ADS streams: scopes re-resolved on the open stream, NACKs narrowed to their policy.</summary>
public sealed class MeshConfigStreamTests
{
    [Fact]
    public async Task A_sidecar_whose_pod_appears_later_gets_its_config_on_the_open_stream()
    {
        await using var server = await XdsTestServer.StartAsync(services: s => s.AddMeshConfigServer());
        var config = server.Get<MeshConfigServer>();
        var pod = Pod("reviews-1", "reviews");
        config.Publish(MeshModelOf([]));
        await using var envoy = new FakeEnvoy(server.NewClient(), NodeId(pod));

        await envoy.SubscribeAsync(TypeUrls.Listener);
        var empty = await envoy.ReceiveAndAckAsync();
        empty.Resources.Should().BeEmpty("the node names no known pod yet");
        config.UnknownNodes.Should().Equal(NodeId(pod));

        config.Publish(MeshModelOf([pod])).Should().BeEmpty();
        var served = await envoy.ReceiveAsync();

        served.Names().Should().Contain(global::Mesh.XdsServer.Translation.XdsNames.VirtualInbound);
        config.UnknownNodes.Should().BeEmpty();
    }

    [Fact]
    public async Task A_nack_naming_one_policys_cluster_is_reported_against_that_policy_only()
    {
        await using var server = await XdsTestServer.StartAsync(services: s => s.AddMeshConfigServer());
        var config = server.Get<MeshConfigServer>();
        config.Publish(MeshModelOf([]));
        await using var client = new FakeEnvoy(server.NewClient(), "grpc-client");
        const string ratings = "outbound|8080||ratings.shop.svc.cluster.local";
        const string reviews = "outbound|9080||reviews.shop.svc.cluster.local";

        await client.SubscribeAsync(TypeUrls.Cluster, ratings, reviews);
        var clusters = await client.ReceiveAsync();
        await client.NackAsync(clusters, "", $"cluster {ratings}: unsupported lb_policy", ratings, reviews);

        var status = await server.WaitForStatusAsync("grpc-client", p => p.Types.Any(t => t.State == SyncState.Nacked));
        var nack = status.Types.Single().LastNack!;
        nack.RejectedLabels.Should().Equal(new Dictionary<string, string> { [PolicyLabels.For("shop", "ratings")] = "7" });
        status.CurrentLabels.Should().ContainKeys(PolicyLabels.For("shop", "ratings"), PolicyLabels.For("shop", "reviews"));
    }

    [Fact]
    public async Task A_client_subscribing_to_one_policys_listener_is_labelled_with_that_policy_only()
    {
        await using var server = await XdsTestServer.StartAsync(services: s => s.AddMeshConfigServer());
        server.Get<MeshConfigServer>().Publish(MeshModelOf([]));
        await using var client = new FakeEnvoy(server.NewClient(), "grpc-client");

        await client.SubscribeAsync(TypeUrls.Listener, "reviews.shop.svc.cluster.local:9080");
        await client.ReceiveAndAckAsync("reviews.shop.svc.cluster.local:9080");

        var status = await server.WaitForStatusAsync("grpc-client", p => p.Synced);
        status.CurrentLabels.Should().Equal(new Dictionary<string, string> { [PolicyLabels.For("shop", "reviews")] = "1" });
        status.Types.Single().AckedLabels.Should().Equal(new Dictionary<string, string> { [PolicyLabels.For("shop", "reviews")] = "1" });
    }
}
