using Envoy.Config.Cluster.V3;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Status;
using Mesh.XdsServer.Tests.Support;

namespace Mesh.XdsServer.Tests.Protocol;

public sealed class SotwAckNackTests
{
    [Fact]
    public async Task A_first_request_gets_the_current_clusters_and_the_ack_marks_the_type_synced()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("proxy-a", Snapshot.Create(TestResources.Service("svc", 8080),
            new Dictionary<string, string> { ["mesh.dev/policy-generation"] = "3" }));
        await using var envoy = new FakeEnvoy(server.NewClient(), "proxy-a");

        await envoy.SubscribeAsync(TypeUrls.Cluster);
        var response = await envoy.ReceiveAsync();

        response.TypeUrl.Should().Be(TypeUrls.Cluster);
        response.Names().Should().Equal("svc");
        response.VersionInfo.Should().Be(server.Cache.TryGetSnapshot("proxy-a", out var s) ? s.GetVersion(TypeUrls.Cluster) : null);
        response.Nonce.Should().NotBeEmpty();

        await envoy.AckAsync(response);
        var status = await server.WaitForStatusAsync("proxy-a", p => p.Synced);
        var cds = status.Types.Should().ContainSingle().Subject;
        cds.State.Should().Be(SyncState.Synced);
        cds.AckedVersion.Should().Be(response.VersionInfo);
        cds.AckedLabels.Should().Contain("mesh.dev/policy-generation", "3");
        status.CurrentLabels.Should().Contain("mesh.dev/policy-generation", "3");
    }

    [Fact]
    public async Task A_stream_opened_before_any_snapshot_gets_the_first_one_when_it_is_set()
    {
        await using var server = await XdsTestServer.StartAsync();
        await using var envoy = new FakeEnvoy(server.NewClient(), "early");
        await envoy.SubscribeAsync(TypeUrls.Cluster);
        (await server.WaitForStatusAsync("early", _ => true)).Types.Single().State.Should().Be(SyncState.NotSent);

        server.Cache.SetSnapshot("early", Snapshot.Create(TestResources.Service("svc", 8080)));

        (await envoy.ReceiveAsync()).Names().Should().Equal("svc");
    }

    [Fact]
    public async Task A_nacked_version_is_never_resent_and_the_nack_is_reported_until_a_new_version_is_sent()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster("good")]));
        await using var envoy = new FakeEnvoy(server.NewClient(), "p");
        await envoy.SubscribeAsync(TypeUrls.Cluster);
        var good = await envoy.ReceiveAndAckAsync();

        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster("bad")],
            new Dictionary<string, string> { ["mesh.dev/policy-generation"] = "7" }));
        var bad = await envoy.ReceiveAsync();
        bad.Names().Should().Equal("bad");
        await envoy.NackAsync(bad, good.VersionInfo, "cluster bad: unknown field");

        var status = await server.WaitForStatusAsync("p", p => p.Types.Single().State == SyncState.Nacked);
        var cds = status.Types.Single();
        cds.AckedVersion.Should().Be(good.VersionInfo, "the proxy keeps running the last good config");
        cds.LastNack!.RejectedVersion.Should().Be(bad.VersionInfo);
        cds.LastNack.AcceptedVersion.Should().Be(good.VersionInfo);
        cds.LastNack.ErrorMessage.Should().Be("cluster bad: unknown field");
        cds.LastNack.RejectedLabels.Should().Contain("mesh.dev/policy-generation", "7");
        status.LastError.Should().Be("cluster bad: unknown field");

        // The same content again (another key's churn, a re-set) must not produce a resend ...
        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster("bad")]));
        // ... and the next different version is sent: it must be the very next response on the stream.
        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster("fixed")]));
        var next = await envoy.ReceiveAsync();
        next.Names().Should().Equal("fixed");
        next.VersionInfo.Should().NotBe(bad.VersionInfo);
        await envoy.AckAsync(next);
        (await server.WaitForStatusAsync("p", p => p.Synced)).Types.Single().LastNack.Should().NotBeNull("the last NACK is kept for the record");
    }

    [Theory]
    [InlineData("resource index 1: unsupported lb_policy: MAGLEV", new[] { "beta" })]
    [InlineData("resource index 0: x; resource index 2: y; resource index 9: out of range", new[] { "alpha", "gamma" })]
    [InlineData("Error adding/updating cluster(s) gamma: bad", new[] { "gamma" })]
    [InlineData("something went wrong", new string[0])]
    public async Task A_nack_names_the_rejected_resources_by_the_index_or_the_name_the_proxy_cites(string error, string[] expected)
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create(
            [TestResources.StaticCluster("alpha"), TestResources.StaticCluster("beta"), TestResources.StaticCluster("gamma")]));
        await using var envoy = new FakeEnvoy(server.NewClient(), "p");
        await envoy.SubscribeAsync(TypeUrls.Cluster);
        var response = await envoy.ReceiveAsync();
        response.Names().Should().Equal("alpha", "beta", "gamma");

        await envoy.NackAsync(response, "", error);

        var status = await server.WaitForStatusAsync("p", p => p.Types.Single().State == SyncState.Nacked);
        status.Types.Single().LastNack!.RejectedResources.Should().Equal(expected);
    }

    [Fact]
    public async Task A_request_with_a_stale_nonce_is_ignored()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster("v1")]));
        await using var envoy = new FakeEnvoy(server.NewClient(), "p");
        await envoy.SubscribeAsync(TypeUrls.Cluster);
        var first = await envoy.ReceiveAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster("v2")]));
        var second = await envoy.ReceiveAsync();

        // A NACK of the older response arrives late: it must not count against the newer one, nor trigger anything.
        await envoy.NackAsync(first, "", "late complaint about v1");
        await envoy.AckAsync(second);

        var status = await server.WaitForStatusAsync("p", p => p.Synced);
        status.Types.Single().LastNack.Should().BeNull();
        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster("v3")]));
        (await envoy.ReceiveAsync()).Names().Should().Equal(["v3"], "nothing was sent in answer to the stale request");
    }

    [Fact]
    public async Task Only_the_types_whose_content_changed_are_pushed()
    {
        await using var server = await XdsTestServer.StartAsync();
        var cluster = TestResources.EdsCluster("svc");
        server.Cache.SetSnapshot("p", Snapshot.Create([cluster, TestResources.Endpoints("svc", 1)]));
        await using var envoy = new FakeEnvoy(server.NewClient(), "p");
        await envoy.SubscribeAsync(TypeUrls.Cluster);
        await envoy.ReceiveAndAckAsync();
        await envoy.SubscribeAsync(TypeUrls.Endpoint, "svc");
        await envoy.ReceiveAndAckAsync("svc");

        server.Cache.SetSnapshot("p", Snapshot.Create([cluster, TestResources.Endpoints("svc", 1, 2)]));

        var pushed = await envoy.ReceiveAndAckAsync("svc");
        pushed.TypeUrl.Should().Be(TypeUrls.Endpoint);
        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.EdsCluster("svc", "other"), TestResources.Endpoints("other", 1)]));
        (await envoy.ReceiveAsync()).TypeUrl.Should().Be(TypeUrls.Cluster, "no CDS push was queued by the EDS-only change");
    }

    [Fact]
    public async Task The_convergence_of_an_acked_push_is_visible_as_synced_with_the_new_labels()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster("a")], new Dictionary<string, string> { ["g"] = "1" }));
        await using var envoy = new FakeEnvoy(server.NewClient(), "p");
        await envoy.SubscribeAsync(TypeUrls.Cluster);
        await envoy.ReceiveAndAckAsync();
        await server.WaitForStatusAsync("p", p => p.Synced && p.CurrentLabels!["g"] == "1");

        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.StaticCluster("b")], new Dictionary<string, string> { ["g"] = "2" }));
        await server.WaitForStatusAsync("p", p => !p.Synced && p.CurrentLabels!["g"] == "2");
        await envoy.ReceiveAndAckAsync();

        var status = await server.WaitForStatusAsync("p", p => p.Synced);
        status.Types.Single().AckedLabels.Should().Contain("g", "2");
    }
}
