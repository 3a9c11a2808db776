using Grpc.Core;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Tests.Support;

namespace Mesh.XdsServer.Tests.Protocol;

public sealed class MaxStreamAgeTests
{
    [Fact]
    public async Task A_stream_older_than_its_jittered_max_age_is_closed_with_ok_and_the_proxy_can_reconnect()
    {
        await using var server = await XdsTestServer.StartAsync(o =>
        {
            // Long enough that subscribing and ACKing finish first even on a loaded machine.
            o.MaxStreamAge = TimeSpan.FromSeconds(2);
            o.MaxStreamAgeJitter = 0.5;
        });
        server.Cache.SetSnapshot("proxy-a", Snapshot.Create(TestResources.Service("svc", 8080)));
        await using var envoy = new FakeEnvoy(server.NewClient(), "proxy-a");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await envoy.SubscribeAsync(TypeUrls.Cluster);
        await envoy.ReceiveAndAckAsync();

        var status = await envoy.WaitForEndAsync();

        status.StatusCode.Should().Be(StatusCode.OK);
        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1), "the age is drawn from [max x (1 - jitter), max]");
        await using var again = new FakeEnvoy(server.NewClient(), "proxy-a");
        await again.SubscribeAsync(TypeUrls.Cluster);
        (await again.ReceiveAsync()).Names().Should().Equal("svc");
    }
}
