using Envoy.Service.Discovery.V3;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Status;
using Mesh.XdsServer.Tests.Support;

namespace Mesh.XdsServer.Tests.Protocol;

public sealed class DeltaProtocolTests
{
    [Fact]
    public async Task A_wildcard_delta_subscription_gets_every_resource_then_only_the_changed_ones()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster("a"), TestResources.StaticCluster("b")]));
        await using var envoy = new FakeDeltaEnvoy(server.NewClient(), "p");
        await envoy.SubscribeAsync(TypeUrls.Cluster);

        var first = await envoy.ReceiveAndAckAsync();
        first.Names().Should().Equal("a", "b");
        first.Resources.Should().OnlyContain(r => r.Version.Length > 0);

        var changedB = TestResources.StaticCluster("b");
        changedB.ConnectTimeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(3));
        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster("a"), changedB]));

        var second = await envoy.ReceiveAndAckAsync();
        second.Names().Should().Equal("b");
        second.RemovedResources.Should().BeEmpty();
        (await server.WaitForStatusAsync("p", s => s.Synced)).Delta.Should().BeTrue();
    }

    [Fact]
    public async Task A_resource_removed_from_the_snapshot_is_announced_in_removed_resources()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster("a"), TestResources.StaticCluster("b")]));
        await using var envoy = new FakeDeltaEnvoy(server.NewClient(), "p");
        await envoy.SubscribeAsync(TypeUrls.Cluster);
        await envoy.ReceiveAndAckAsync();

        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster("a")]));

        var response = await envoy.ReceiveAsync();
        response.Resources.Should().BeEmpty();
        response.RemovedResources.Should().Equal("b");
    }

    [Fact]
    public async Task Named_delta_subscribe_and_unsubscribe_change_what_is_sent()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create([.. TestResources.Service("a", 1), .. TestResources.Service("b", 2)]));
        await using var envoy = new FakeDeltaEnvoy(server.NewClient(), "p");
        await envoy.SubscribeAsync(TypeUrls.Endpoint, "a");
        (await envoy.ReceiveAndAckAsync()).Names().Should().Equal("a");

        await envoy.SubscribeAsync(TypeUrls.Endpoint, "b");
        (await envoy.ReceiveAndAckAsync()).Names().Should().Equal(["b"], "only the newly subscribed resource is sent");

        await envoy.SendAsync(new DeltaDiscoveryRequest { TypeUrl = TypeUrls.Endpoint, ResourceNamesUnsubscribe = { "a" } });
        // The request and the cache change travel different paths: change the cache once the server has read the request.
        await Mesh.Testing.Eventually.True(
            () => server.Status.GetProxies().SingleOrDefault()?.Types.SingleOrDefault(t => t.TypeUrl == TypeUrls.Endpoint)?.SubscribedNames.SequenceEqual(["b"]) == true,
            "the server should have read the unsubscribe");
        server.Cache.SetSnapshot("p", Snapshot.Create([.. TestResources.Service("a", 1, 5), .. TestResources.Service("b", 2, 6)]));

        var next = await envoy.ReceiveAsync();
        next.Names().Should().Equal(["b"], "a was unsubscribed, so its change is not sent");
        next.RemovedResources.Should().BeEmpty();
    }

    [Fact]
    public async Task A_subscription_to_a_missing_resource_is_answered_with_its_removal()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create(TestResources.Service("a", 1)));
        await using var envoy = new FakeDeltaEnvoy(server.NewClient(), "p");

        await envoy.SubscribeAsync(TypeUrls.Route, "nope");

        var response = await envoy.ReceiveAsync();
        response.Resources.Should().BeEmpty();
        response.RemovedResources.Should().Equal("nope");
    }

    [Fact]
    public async Task Initial_resource_versions_skip_what_a_reconnecting_proxy_already_holds()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster("a"), TestResources.StaticCluster("b")]));
        var held = server.Cache.TryGetSnapshot("p", out var snapshot) ? snapshot.Get(TypeUrls.Cluster).ByName["a"].Version : "";
        await using var envoy = new FakeDeltaEnvoy(server.NewClient(), "p");

        await envoy.SendAsync(new DeltaDiscoveryRequest
        {
            TypeUrl = TypeUrls.Cluster,
            InitialResourceVersions = { ["a"] = held, ["gone"] = "old" },
        });

        var response = await envoy.ReceiveAsync();
        response.Names().Should().Equal("b");
        response.RemovedResources.Should().Equal("gone");
    }

    [Fact]
    public async Task A_delta_nack_is_reported_and_the_rejected_resources_are_not_resent()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster("a")]));
        await using var envoy = new FakeDeltaEnvoy(server.NewClient(), "p");
        await envoy.SubscribeAsync(TypeUrls.Cluster);
        await envoy.ReceiveAndAckAsync();

        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster("a"), TestResources.StaticCluster("bad")]));
        var bad = await envoy.ReceiveAsync();
        await envoy.NackAsync(bad, "bad is bad");

        var status = await server.WaitForStatusAsync("p", s => s.Types.Single().State == SyncState.Nacked);
        status.LastError.Should().Be("bad is bad");

        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster("a"), TestResources.StaticCluster("bad"), TestResources.StaticCluster("c")]));
        (await envoy.ReceiveAsync()).Names().Should().Equal(["c"], "the rejected 'bad' is not sent again");
    }

    [Fact]
    public async Task A_nack_citing_a_resource_index_names_the_resource_of_that_response()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster("a")]));
        await using var envoy = new FakeDeltaEnvoy(server.NewClient(), "p");
        await envoy.SubscribeAsync(TypeUrls.Cluster);
        await envoy.ReceiveAndAckAsync();

        // Only the changed resources travel: index 1 is the second of this response, not of the proxy's whole view.
        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster("a"), TestResources.StaticCluster("b"), TestResources.StaticCluster("c")]));
        var update = await envoy.ReceiveAsync();
        update.Names().Should().Equal("b", "c");
        await envoy.NackAsync(update, "resource index 1: unsupported lb_policy: LEAST_REQUEST");

        var status = await server.WaitForStatusAsync("p", s => s.Types.Single().State == SyncState.Nacked);
        status.Types.Single().LastNack!.RejectedResources.Should().Equal("c");
    }
}
