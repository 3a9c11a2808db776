using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Tests.Support;

namespace Mesh.XdsServer.Tests.Protocol;

public sealed class SerializeOnceTests
{
    [Fact]
    public async Task Two_proxies_sharing_a_resource_cause_one_serialization_of_it()
    {
        var resources = new ResourceCache();
        var shared = TestResources.StaticCluster("shared");
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p1", Snapshot.Create([shared, TestResources.StaticCluster("only-p1")], cache: resources));
        server.Cache.SetSnapshot("p2", Snapshot.Create([shared], cache: resources));
        await using var envoy1 = new FakeEnvoy(server.NewClient(), "p1");
        await using var envoy2 = new FakeEnvoy(server.NewClient(), "p2");

        await envoy1.SubscribeAsync(TypeUrls.Cluster);
        await envoy2.SubscribeAsync(TypeUrls.Cluster);
        var r1 = await envoy1.ReceiveAsync();
        var r2 = await envoy2.ReceiveAsync();

        r1.Names().Should().Equal("only-p1", "shared");
        r2.Names().Should().Equal("shared");
        resources.Serializations.Should().Be(2, "one per unique resource, not per proxy");
        r1.Resources[1].Value.Should().Equal(r2.Resources[0].Value);
    }
}
