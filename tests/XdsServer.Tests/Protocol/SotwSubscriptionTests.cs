using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Status;
using Mesh.XdsServer.Tests.Support;

namespace Mesh.XdsServer.Tests.Protocol;

public sealed class SotwSubscriptionTests
{
    [Fact]
    public async Task New_names_in_an_ack_are_answered_with_the_named_resources()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create([.. TestResources.Service("a", 1), .. TestResources.Service("b", 2)]));
        await using var envoy = new FakeEnvoy(server.NewClient(), "p");
        await envoy.SubscribeAsync(TypeUrls.Endpoint, "a");
        var first = await envoy.ReceiveAsync();
        first.Names().Should().Equal("a");

        await envoy.AckAsync(first, "a", "b");

        (await envoy.ReceiveAsync()).Names().Should().Equal("a", "b");
    }

    [Fact]
    public async Task An_ack_with_unchanged_names_gets_no_response()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create(TestResources.Service("a", 1)));
        await using var envoy = new FakeEnvoy(server.NewClient(), "p");
        await envoy.SubscribeAsync(TypeUrls.Endpoint, "a");
        await envoy.ReceiveAndAckAsync("a");

        server.Cache.SetSnapshot("p", Snapshot.Create(TestResources.Service("a", 1, 2)));

        var next = await envoy.ReceiveAsync();
        next.Single<Envoy.Config.Endpoint.V3.ClusterLoadAssignment>().Endpoints[0].LbEndpoints.Should().HaveCount(2,
            "the ACK was not answered, so the next response is the change");
    }

    [Fact]
    public async Task A_named_subscription_gets_only_the_named_resources_and_is_not_pushed_for_others()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create([.. TestResources.Service("a", 1), .. TestResources.Service("b", 2)]));
        await using var envoy = new FakeEnvoy(server.NewClient(), "p");
        await envoy.SubscribeAsync(TypeUrls.Endpoint, "b");
        (await envoy.ReceiveAndAckAsync("b")).Names().Should().Equal("b");

        server.Cache.SetSnapshot("p", Snapshot.Create([.. TestResources.Service("a", 1, 9), .. TestResources.Service("b", 2)]));
        server.Cache.SetSnapshot("p", Snapshot.Create([.. TestResources.Service("a", 1, 9), .. TestResources.Service("b", 2, 3)]));

        var next = await envoy.ReceiveAsync();
        next.Names().Should().Equal("b");
        next.Single<Envoy.Config.Endpoint.V3.ClusterLoadAssignment>().Endpoints[0].LbEndpoints.Should().HaveCount(2);
    }

    [Fact]
    public async Task Lds_and_cds_responses_hold_every_subscribed_resource_even_when_one_changed()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster("a"), TestResources.StaticCluster("b")]));
        await using var envoy = new FakeEnvoy(server.NewClient(), "p");
        await envoy.SubscribeAsync(TypeUrls.Cluster);
        await envoy.ReceiveAndAckAsync();

        var changedB = TestResources.StaticCluster("b");
        changedB.ConnectTimeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(3));
        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster("a"), changedB]));

        (await envoy.ReceiveAsync()).Names().Should().Equal("a", "b");
    }

    [Fact]
    public async Task An_eds_push_carries_only_the_assignments_that_changed_since_the_ack_and_the_proxy_version_follows()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create([.. TestResources.Service("a", 1), .. TestResources.Service("b", 2)]));
        await using var envoy = new FakeEnvoy(server.NewClient(), "p");
        await envoy.SubscribeAsync(TypeUrls.Endpoint, "a", "b");
        (await envoy.ReceiveAndAckAsync("a", "b")).Names().Should().Equal("a", "b");

        server.Cache.SetSnapshot("p", Snapshot.Create([.. TestResources.Service("a", 1, 9), .. TestResources.Service("b", 2)]));

        var push = await envoy.ReceiveAndAckAsync("a", "b");
        push.Names().Should().Equal(["a"], "EDS is not a full-state type in SotW: b did not change and stays with the proxy");
        push.VersionInfo.Should().Be(server.Cache.TryGetSnapshot("p", out var s) ? s.GetVersion(TypeUrls.Endpoint) : null);
        (await server.WaitForStatusAsync("p", p => p.Synced)).Types.Single().AckedVersion.Should().Be(push.VersionInfo);
    }

    [Fact]
    public async Task A_push_whose_only_change_is_a_removed_assignment_is_empty_and_still_moves_the_proxy_to_the_new_version()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create([.. TestResources.Service("a", 1), .. TestResources.Service("b", 2)]));
        await using var envoy = new FakeEnvoy(server.NewClient(), "p");
        await envoy.SubscribeAsync(TypeUrls.Endpoint, "a", "b");
        await envoy.ReceiveAndAckAsync("a", "b");

        // b is gone (its cluster leaves CDS too, which is how a SotW proxy learns to drop it); a is as it was.
        server.Cache.SetSnapshot("p", Snapshot.Create(TestResources.Service("a", 1)));

        var push = await envoy.ReceiveAndAckAsync("a", "b");
        push.Names().Should().BeEmpty("nothing the proxy lacks: an empty EDS response changes nothing on the proxy");
        push.VersionInfo.Should().Be(server.Cache.TryGetSnapshot("p", out var s) ? s.GetVersion(TypeUrls.Endpoint) : null);
        (await server.WaitForStatusAsync("p", p => p.Synced)).Types.Single().AckedVersion.Should().Be(push.VersionInfo);
    }

    [Fact]
    public async Task A_push_after_a_nack_carries_everything_changed_since_the_last_ack_and_a_request_gets_the_whole_view()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create([.. TestResources.Service("a", 1), .. TestResources.Service("b", 2), .. TestResources.Service("c", 3)]));
        await using var envoy = new FakeEnvoy(server.NewClient(), "p");
        await envoy.SubscribeAsync(TypeUrls.Endpoint, "a", "b", "c");
        var acked = await envoy.ReceiveAndAckAsync("a", "b", "c");

        server.Cache.SetSnapshot("p", Snapshot.Create([.. TestResources.Service("a", 1, 9), .. TestResources.Service("b", 2), .. TestResources.Service("c", 3)]));
        var rejected = await envoy.ReceiveAsync();
        rejected.Names().Should().Equal("a");
        await envoy.NackAsync(rejected, acked.VersionInfo, "a is refused", "a", "b", "c");
        await server.WaitForStatusAsync("p", p => p.Types.Single().State == SyncState.Nacked);

        server.Cache.SetSnapshot("p", Snapshot.Create([.. TestResources.Service("a", 1, 9), .. TestResources.Service("b", 2, 8), .. TestResources.Service("c", 3)]));
        var next = await envoy.ReceiveAndAckAsync("a", "b", "c");
        next.Names().Should().Equal(["a", "b"], "the proxy may hold a as it was before the refused response");

        await envoy.SubscribeAsync(TypeUrls.Endpoint, "a", "b", "c", "d");
        (await envoy.ReceiveAsync()).Names().Should().Equal(["a", "b", "c"], "a changed subscription is answered with the whole view");
    }

    [Fact]
    public async Task A_legacy_wildcard_subscription_ends_when_names_are_given_and_an_explicit_star_keeps_it()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster("a"), TestResources.StaticCluster("b")]));
        await using var envoy = new FakeEnvoy(server.NewClient(), "p");
        await envoy.SubscribeAsync(TypeUrls.Cluster);
        var all = await envoy.ReceiveAsync();
        all.Names().Should().Equal("a", "b");

        await envoy.AckAsync(all, "a");
        var onlyA = await envoy.ReceiveAsync();
        onlyA.Names().Should().Equal("a");

        await envoy.AckAsync(onlyA, "*", "a");
        (await envoy.ReceiveAsync()).Names().Should().Equal("a", "b");
    }

    [Fact]
    public async Task A_node_sent_only_on_the_first_request_is_remembered_for_the_stream()
    {
        await using var server = await XdsTestServer.StartAsync(o => o.NodeKey = node => node.Cluster);
        server.Cache.SetSnapshot("group-1", Snapshot.Create([TestResources.StaticCluster("c1")]));
        await using var envoy = new FakeEnvoy(server.NewClient(), "n1");
        await envoy.SendAsync(new DiscoveryRequest { TypeUrl = TypeUrls.Cluster, Node = new Node { Id = "n1", Cluster = "group-1" } });
        await envoy.ReceiveAndAckAsync();

        await envoy.SubscribeAsync(TypeUrls.Listener);

        (await envoy.ReceiveAsync()).TypeUrl.Should().Be(TypeUrls.Listener, "the second request had no node and still works");
        server.Status.GetProxy("n1")!.Key.Should().Be("group-1");
    }

    [Fact]
    public async Task A_reconnecting_proxy_gets_the_full_current_state()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create(TestResources.Service("svc", 1)));
        string version;
        await using (var first = new FakeEnvoy(server.NewClient(), "p"))
        {
            await first.SubscribeAsync(TypeUrls.Cluster);
            version = (await first.ReceiveAndAckAsync()).VersionInfo;
        }

        await server.WaitForGoneAsync("p");
        await using var second = new FakeEnvoy(server.NewClient(), "p");
        await second.SendAsync(new DiscoveryRequest { TypeUrl = TypeUrls.Cluster, VersionInfo = version, ResponseNonce = "17" });
        var response = await second.ReceiveAsync();

        response.Names().Should().Equal("svc");
        response.VersionInfo.Should().Be(version);
    }
}
