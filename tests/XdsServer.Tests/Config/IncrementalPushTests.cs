using Envoy.Service.Discovery.V3;
using Mesh.XdsServer.Config;
using Mesh.XdsServer.Hosting;
using Mesh.XdsServer.Model;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Tests.Support;
using static Mesh.XdsServer.Tests.Config.ConfigModels;

namespace Mesh.XdsServer.Tests.Config;

/// <summary>
/// What a sidecar's delta stream receives after a publish: an endpoint-only change is one EDS response naming only the
/// changed cluster (no CDS, LDS or RDS), and a route change of one service is one RDS response. The next change serves
/// as a barrier: had anything else been pushed, it would arrive before the barrier's response.
/// </summary>
public sealed class IncrementalPushTests
{
    private const string Ratings = "outbound|8080||ratings.shop.svc.cluster.local";
    private const string Reviews = "outbound|9080||reviews.shop.svc.cluster.local";

    [Fact]
    public async Task An_endpoint_only_change_pushes_only_eds_and_only_the_changed_cluster()
    {
        await using var server = await XdsTestServer.StartAsync(services: s => s.AddMeshConfigServer());
        var config = server.Get<MeshConfigServer>();
        var pod = Pod("reviews-1", "reviews");
        var model = MeshModelOf([pod]);
        config.Publish(model).Should().BeEmpty();
        await using var envoy = await ConnectedAsync(server, pod);

        config.Publish(WithEndpoint(model, "ratings", "10.0.9.9")).Should().BeEmpty();
        var eds = await envoy.ReceiveAndAckAsync();
        eds.TypeUrl.Should().Be(TypeUrls.Endpoint);
        eds.Names().Should().Equal(Ratings);

        config.Publish(WithEndpoint(WithEndpoint(model, "ratings", "10.0.9.9"), "reviews", "10.0.8.8")).Should().BeEmpty();
        var barrier = await envoy.ReceiveAndAckAsync();
        barrier.TypeUrl.Should().Be(TypeUrls.Endpoint, "nothing but EDS was pushed for the first change");
        barrier.Names().Should().Equal(Reviews);
    }

    [Fact]
    public async Task A_route_change_of_one_service_pushes_only_its_route_configuration()
    {
        await using var server = await XdsTestServer.StartAsync(services: s => s.AddMeshConfigServer());
        var config = server.Get<MeshConfigServer>();
        var pod = Pod("reviews-1", "reviews");
        var model = MeshModelOf([pod]);
        config.Publish(model).Should().BeEmpty();
        await using var envoy = await ConnectedAsync(server, pod);

        var routed = model with
        {
            Services = model.Services.Select(s => s.Name == "ratings" ? s with { Routes = [new MeshRoute { Name = "slow", Timeout = TimeSpan.FromSeconds(3) }] } : s).ToArray(),
        };
        config.Publish(routed).Should().BeEmpty();
        var rds = await envoy.ReceiveAndAckAsync();
        rds.TypeUrl.Should().Be(TypeUrls.Route);
        rds.Names().Should().Equal("8080");

        config.Publish(WithEndpoint(routed, "reviews", "10.0.8.8")).Should().BeEmpty();
        var barrier = await envoy.ReceiveAndAckAsync();
        barrier.TypeUrl.Should().Be(TypeUrls.Endpoint, "nothing but RDS was pushed for the route change");
    }

    private static MeshModel WithEndpoint(MeshModel model, string service, string address) => model with
    {
        Services = model.Services.Select(s => s.Name == service ? s with { Endpoints = [s.Endpoints[0] with { Address = address }] } : s).ToArray(),
    };

    /// <summary>A delta stream subscribed to CDS, EDS, LDS and RDS, every first response received and ACKed.</summary>
    private static async Task<FakeDeltaEnvoy> ConnectedAsync(XdsTestServer server, Workload pod)
    {
        var envoy = new FakeDeltaEnvoy(server.NewClient(), NodeId(pod));
        await envoy.SubscribeAsync(TypeUrls.Cluster);
        await envoy.SubscribeAsync(TypeUrls.Endpoint, Ratings, Reviews);
        await envoy.SubscribeAsync(TypeUrls.Listener);
        await envoy.SubscribeAsync(TypeUrls.Route, "8080", "9080");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (seen.Count < 4)
        {
            DeltaDiscoveryResponse response = await envoy.ReceiveAndAckAsync();
            seen.Add(response.TypeUrl);
        }
        return envoy;
    }
}
