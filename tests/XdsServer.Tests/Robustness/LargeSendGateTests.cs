using FluentAssertions;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Tests.Support;
using Xunit;

namespace Mesh.XdsServer.Tests.Robustness;

public sealed class LargeSendGateTests
{
    [Fact]
    public async Task A_fleet_connecting_at_once_gets_every_full_response_through_a_single_send_slot()
    {
        await using var server = await XdsTestServer.StartAsync(o =>
        {
            o.MaxConcurrentLargeSends = 1;
            o.LargeSendBytes = 1;
            o.NodeKey = _ => "fleet";
        });
        var names = Enumerable.Range(0, 300).Select(i => $"cluster-{i:D4}").ToArray();
        server.Cache.SetSnapshot("fleet", Snapshot.Create(names.Select(n => TestResources.StaticCluster(n))));
        var sotw = Enumerable.Range(0, 6).Select(i => new FakeEnvoy(server.NewClient(), $"sotw-{i}")).ToArray();
        var delta = Enumerable.Range(0, 6).Select(i => new FakeDeltaEnvoy(server.NewClient(), $"delta-{i}")).ToArray();
        try
        {
            await Task.WhenAll(sotw.Select(e => e.SubscribeAsync(TypeUrls.Cluster)).Concat(delta.Select(e => e.SubscribeAsync(TypeUrls.Cluster))));

            var sotwNames = await Task.WhenAll(sotw.Select(async e => (await e.ReceiveAsync()).Names()));
            var deltaNames = await Task.WhenAll(delta.Select(async e => (await e.ReceiveAsync()).Names()));

            sotwNames.Should().AllSatisfy(n => n.Should().BeEquivalentTo(names));
            deltaNames.Should().AllSatisfy(n => n.Should().BeEquivalentTo(names));
        }
        finally
        {
            foreach (var e in sotw)
            {
                await e.DisposeAsync();
            }

            foreach (var e in delta)
            {
                await e.DisposeAsync();
            }
        }
    }
}
