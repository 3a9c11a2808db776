using Grpc.Core;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Tests.Support;

namespace Mesh.XdsServer.Tests.Protocol;

public sealed class ValidationTests
{
    [Fact]
    public async Task A_snapshot_breaking_the_envoy_validate_rules_is_refused_and_proxies_keep_the_last_good()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster("good")]));
        await using var envoy = new FakeEnvoy(server.NewClient(), "p");
        await envoy.SubscribeAsync(TypeUrls.Cluster);
        await envoy.ReceiveAndAckAsync();

        var invalid = TestResources.StaticCluster("bad");
        invalid.ConnectTimeout = new Google.Protobuf.WellKnownTypes.Duration { Seconds = -1 };
        var act = () => server.Cache.SetSnapshot("p", Snapshot.Create([invalid]));

        act.Should().Throw<InvalidSnapshotException>().Which.Errors.Should().ContainSingle()
            .Which.Should().StartWith("CDS resource 'bad': ").And.Contain("ConnectTimeout");
        server.Cache.TryGetSnapshot("p", out var current).Should().BeTrue();
        current.Get(TypeUrls.Cluster).ByName.Keys.Should().Equal("good");

        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster("next")]));
        (await envoy.ReceiveAsync()).Names().Should().Equal(["next"], "nothing of the refused snapshot was pushed");
    }
}
