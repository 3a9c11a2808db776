using System.Collections.Concurrent;
using FluentAssertions;
using Mesh.Testing;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Status;
using Mesh.XdsServer.Tests.Support;
using Xunit;

namespace Mesh.XdsServer.Tests.Status;

public sealed class ProxyEventSignatureTests
{
    private const string Policy = "mesh.dev/policy-demo.p";

    [Fact]
    public async Task An_ack_that_changes_nothing_a_status_reads_wakes_nobody_and_a_new_generation_or_a_nack_does()
    {
        await using var server = await XdsTestServer.StartAsync();
        var events = new ConcurrentQueue<ProxyEventKind>();
        using var subscription = server.Get<ProxyStatusRegistry>().Subscribe(e => events.Enqueue(e.Kind));
        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.Endpoints("svc", 8080)], Labels("1")));
        await using var envoy = new FakeDeltaEnvoy(server.NewClient(), "p");
        await envoy.SubscribeAsync(TypeUrls.Endpoint, "svc");
        await envoy.ReceiveAndAckAsync();
        await Eventually.True(() => events.Contains(ProxyEventKind.Acked), "the first ACK is an event");
        events.Clear();

        // Endpoints move, the generation does not: pushed and ACKed, and nothing for a status to read changed.
        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.Endpoints("svc", 8081)], Labels("1")));
        await envoy.ReceiveAndAckAsync();
        await server.WaitForStatusAsync("p", s => s.Synced && s.Types.Single().AckedVersion == s.Types.Single().SentVersion);
        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.Endpoints("svc", 8082)], Labels("2")));
        await envoy.ReceiveAndAckAsync();
        await server.WaitForStatusAsync("p", s => s.Types.Single().AckedLabels?.GetValueOrDefault(Policy) == "2");
        await Eventually.True(() => events.Contains(ProxyEventKind.Acked), "an ACK of a new generation is an event");
        events.Should().Equal([ProxyEventKind.Acked], "the ACK at the same generation woke nobody");

        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.Endpoints("svc", 8083)], Labels("2")));
        await envoy.NackAsync(await envoy.ReceiveAsync(), "bad endpoint");
        await Eventually.True(() => events.Contains(ProxyEventKind.Nacked), "a NACK is always an event");
    }

    [Fact]
    public async Task A_push_and_ack_of_one_type_leaves_the_other_types_status_as_it_was_and_changes_that_types()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.EdsCluster("svc"), TestResources.Endpoints("svc", 8080)], Labels("1")));
        await using var envoy = new FakeDeltaEnvoy(server.NewClient(), "p");
        await envoy.SubscribeAsync(TypeUrls.Cluster);
        await envoy.ReceiveAndAckAsync();
        await envoy.SubscribeAsync(TypeUrls.Endpoint, "svc");
        await envoy.ReceiveAndAckAsync();
        var before = await server.WaitForStatusAsync("p", s => s.Synced && s.Types.Count == 2);

        server.Cache.SetSnapshot("p", Snapshot.Create([TestResources.EdsCluster("svc"), TestResources.Endpoints("svc", 8081)], Labels("1")));
        await envoy.ReceiveAndAckAsync();
        var after = await server.WaitForStatusAsync("p", s => s.Synced && s.Types[1].AckedVersion != before.Types[1].AckedVersion);

        after.Types[0].Should().BeSameAs(before.Types[0], "nothing the cluster type's status is built from moved");
        after.Types[1].Should().NotBeSameAs(before.Types[1]);
        after.Types[1].AckedVersion.Should().Be(after.Types[1].SentVersion);
        after.Types[1].AckedAt.Should().BeOnOrAfter(before.Types[1].AckedAt!.Value);
    }

    private static Dictionary<string, string> Labels(string generation) => new() { [Policy] = generation };
}
