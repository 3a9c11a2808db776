using Envoy.Service.Discovery.V3;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Tests.Support;

namespace Mesh.XdsServer.Tests.Protocol;

public sealed class OrderingAndDebounceTests
{
    [Fact]
    public async Task A_push_skips_the_unchanged_route_and_keeps_clusters_before_endpoints_before_listeners()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create(TestResources.Service("svc", 1)));
        await using var envoy = new FakeEnvoy(server.NewClient(), "p");

        // Subscribe in the reverse of push order, ACKing each initial response.
        await envoy.SubscribeAsync(TypeUrls.Route, "svc");
        await envoy.ReceiveAndAckAsync("svc");
        await envoy.SubscribeAsync(TypeUrls.Listener);
        await envoy.ReceiveAndAckAsync();
        await envoy.SubscribeAsync(TypeUrls.Endpoint, "svc");
        await envoy.ReceiveAndAckAsync("svc");
        await envoy.SubscribeAsync(TypeUrls.Cluster);
        await envoy.ReceiveAndAckAsync();

        server.Cache.SetSnapshot("p", Snapshot.Create(
        [
            TestResources.EdsCluster("svc", "svc-v2"),
            TestResources.Endpoints("svc-v2", 2),
            TestResources.SocketListener("svc", "svc", 9000),
            TestResources.Route("svc", "svc"),
            TestResources.Route("unused", "svc"),
        ]));
        // The subscribed route "svc" is unchanged (only an unsubscribed sibling was added): no RDS push.
        var types = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            types.Add((await envoy.ReceiveAsync()).TypeUrl);
        }

        types.Should().Equal(TypeUrls.Cluster, TypeUrls.Endpoint, TypeUrls.Listener);
        server.Cache.SetSnapshot("p", Snapshot.Create(
        [
            TestResources.EdsCluster("svc", "svc-v2"),
            TestResources.Endpoints("svc-v2", 2),
            TestResources.SocketListener("svc", "svc", 9000),
            TestResources.Route("svc", "changed"),
        ]));
        (await envoy.ReceiveAsync()).TypeUrl.Should().Be(TypeUrls.Route, "no RDS push was made for the first change");
    }

    [Fact]
    public async Task Make_before_break_order_holds_for_all_four_types_in_one_push()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create(TestResources.Service("svc", 1)));
        await using var envoy = new FakeEnvoy(server.NewClient(), "p");
        foreach (var type in new[] { TypeUrls.Route, TypeUrls.Listener, TypeUrls.Endpoint, TypeUrls.Cluster })
        {
            await envoy.SubscribeAsync(type);
            await envoy.ReceiveAndAckAsync();
        }

        server.Cache.SetSnapshot("p", Snapshot.Create(TestResources.Service("other", 2)));

        var order = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            order.Add((await envoy.ReceiveAsync()).TypeUrl);
        }

        order.Should().Equal(TypeUrls.Cluster, TypeUrls.Endpoint, TypeUrls.Listener, TypeUrls.Route);
    }

    [Fact]
    public async Task A_burst_of_snapshots_within_the_debounce_is_merged_into_one_push_of_the_last()
    {
        await using var server = await XdsTestServer.StartAsync(o =>
        {
            o.Debounce = TimeSpan.FromMilliseconds(300);
            o.MaxDebounceDelay = TimeSpan.FromSeconds(5);
        });
        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster("c0")]));
        await using var envoy = new FakeEnvoy(server.NewClient(), "p");
        await envoy.SubscribeAsync(TypeUrls.Cluster);
        await envoy.ReceiveAndAckAsync();

        for (var i = 1; i <= 5; i++)
        {
            server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster($"c{i}")]));
        }

        (await envoy.ReceiveAndAckAsync()).Names().Should().Equal("c5");
        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster("sentinel")]));
        (await envoy.ReceiveAsync()).Names().Should().Equal(["sentinel"], "no intermediate snapshot was pushed");
    }

    [Fact]
    public async Task Constant_churn_still_pushes_within_the_maximum_debounce_delay()
    {
        await using var server = await XdsTestServer.StartAsync(o =>
        {
            o.Debounce = TimeSpan.FromMilliseconds(200);
            o.MaxDebounceDelay = TimeSpan.FromMilliseconds(400);
        });
        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster("c0")]));
        await using var envoy = new FakeEnvoy(server.NewClient(), "p");
        await envoy.SubscribeAsync(TypeUrls.Cluster);
        await envoy.ReceiveAndAckAsync();

        // Changes every 50 ms never leave a 200 ms quiet period; the 400 ms bound must still let one through.
        using var stop = new CancellationTokenSource();
        var churn = Task.Run(async () =>
        {
            for (var i = 1; !stop.IsCancellationRequested; i++)
            {
                server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster($"c{i}")]));
                await Task.Delay(50, CancellationToken.None);
            }
        });
        DiscoveryResponse pushed;
        try
        {
            pushed = await envoy.ReceiveAsync();
        }
        finally
        {
            await stop.CancelAsync();
            await churn;
        }

        pushed.Names().Single().Should().NotBe("c0");
    }
}
