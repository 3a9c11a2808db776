using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Grpc.Core;
using Mesh.XdsServer.Cache;
using Mesh.XdsServer.Config;
using Mesh.XdsServer.Model;
using Mesh.XdsServer.Server;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using static Mesh.XdsServer.Tests.Config.ConfigModels;

namespace Mesh.XdsServer.Tests.Config;

public sealed class MeshConfigServerTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private readonly SnapshotCache _cache = new();

    private MeshConfigServer NewServer() => new(_cache, NullLogger<MeshConfigServer>.Instance);

    private Snapshot SnapshotOf(string nodeId) =>
        _cache.TryGetSnapshot(MeshConfigServer.SidecarKey(nodeId), out var snapshot) ? snapshot : throw new InvalidOperationException($"no snapshot for {nodeId}");

    private static async Task<string> ConnectAsync(MeshConfigServer server, string nodeId) => await server.ResolveAsync(new Node { Id = nodeId }, null!);

    private static IEnumerable<string> InboundChains(Snapshot snapshot) =>
        snapshot.Get(TypeUrls.Listener).Ordered.Select(r => (Listener)r.Message)
            .Where(l => l.Name == global::Mesh.XdsServer.Translation.XdsNames.VirtualInbound)
            .SelectMany(l => l.FilterChains).Select(c => c.Name);

    [Fact]
    public async Task Replicas_of_one_workload_share_one_snapshot_instance_and_another_workload_gets_its_own()
    {
        var a1 = Pod("reviews-1", "reviews", hash: "h1");
        var a2 = Pod("reviews-2", "reviews", hash: "h2");
        var b = Pod("ratings-1", "ratings", policy: "ratings");
        var server = NewServer();
        foreach (var pod in new[] { a1, a2, b })
        {
            await ConnectAsync(server, NodeId(pod));
        }

        server.Publish(MeshModelOf([a1, a2, b])).Should().BeEmpty();

        SnapshotOf(NodeId(a2)).Should().BeSameAs(SnapshotOf(NodeId(a1)), "pod-template-hash is read by no selector, so both have one scope");
        SnapshotOf(NodeId(b)).Should().NotBeSameAs(SnapshotOf(NodeId(a1)));
        InboundChains(SnapshotOf(NodeId(a1))).Should().Contain(c => c.Contains("9080", StringComparison.Ordinal))
            .And.NotContain(c => c.Contains("8080", StringComparison.Ordinal), "reviews pods serve reviews (9080), not ratings (8080)");
        InboundChains(SnapshotOf(NodeId(b))).Should().Contain(c => c.Contains("8080", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sidecar_snapshot_is_labelled_with_the_policies_whose_resources_it_holds()
    {
        var pod = Pod("reviews-1", "reviews");
        var server = NewServer();
        await ConnectAsync(server, NodeId(pod));

        server.Publish(MeshModelOf([pod], reviewsGeneration: 4)).Should().BeEmpty();

        var snapshot = SnapshotOf(NodeId(pod));
        snapshot.Labels.Should().Contain(PolicyLabels.For("shop", "reviews"), "4").And.Contain(PolicyLabels.For("shop", "ratings"), "7");
        snapshot.OwnerOf("outbound|8080||ratings.shop.svc.cluster.local").Should().Be(PolicyLabels.For("shop", "ratings"));
        snapshot.LabelsFor([snapshot.Get(TypeUrls.Cluster).ByName["outbound|8080||ratings.shop.svc.cluster.local"]])
            .Should().Equal(new Dictionary<string, string> { [PolicyLabels.For("shop", "ratings")] = "7" },
                "a proxy subscribing to ratings' cluster only is told about ratings only");

        // A stream's view list (immutable, shared) gets the same answer, remembered per list and owner map.
        IReadOnlyList<Mesh.XdsServer.Snapshots.CachedResource> view = [snapshot.Get(TypeUrls.Cluster).ByName["outbound|8080||ratings.shop.svc.cluster.local"]];
        snapshot.LabelsForView(view).Should().Equal(snapshot.LabelsFor(view));
        snapshot.LabelsForView(view).Should().Equal(snapshot.LabelsFor(view));
        server.Publish(MeshModelOf([pod], reviewsGeneration: 4, ratingsGeneration: 8)).Should().BeEmpty();
        SnapshotOf(NodeId(pod)).LabelsForView(view).Should().Equal(new Dictionary<string, string> { [PolicyLabels.For("shop", "ratings")] = "8" },
            "another config's labels are another answer for the same view");
    }

    [Fact]
    public async Task An_endpoint_only_publish_moves_only_eds_and_keeps_labels_owners_and_source_fields()
    {
        var pod = Pod("reviews-1", "reviews");
        var server = NewServer();
        await ConnectAsync(server, NodeId(pod));
        var model = MeshModelOf([pod]);
        server.Publish(model).Should().BeEmpty();
        var first = SnapshotOf(NodeId(pod));

        var moved = model with
        {
            Services = model.Services.Select(s => s.Name == "ratings" ? s with { Endpoints = [s.Endpoints[0] with { Address = "10.0.9.9" }] } : s).ToList(),
        };
        server.Publish(moved).Should().BeEmpty();

        var second = SnapshotOf(NodeId(pod));
        second.Should().NotBeSameAs(first);
        foreach (var type in new[] { TypeUrls.Cluster, TypeUrls.Listener, TypeUrls.Route, TypeUrls.Secret })
        {
            second.Get(type).Should().BeSameAs(first.Get(type), "only endpoints changed");
        }
        second.GetVersion(TypeUrls.Endpoint).Should().NotBe(first.GetVersion(TypeUrls.Endpoint));
        second.Get(TypeUrls.Endpoint).ByName.Keys.Should().BeEquivalentTo(first.Get(TypeUrls.Endpoint).ByName.Keys);
        second.Labels.Should().Equal(first.Labels);
        second.Owners.Should().BeSameAs(first.Owners, "the owner map is kept, not rebuilt per scope");
        server.SourceFields.Should().ContainKey("outbound|8080||ratings.shop.svc.cluster.local");

        // A new generation with the same content changes the labels only: they must follow, the owners stay right.
        server.Publish(MeshModelOf([pod], reviewsGeneration: 5) with { Services = moved.Services }).Should().BeEmpty();
        var third = SnapshotOf(NodeId(pod));
        third.Labels.Should().Contain(PolicyLabels.For("shop", "reviews"), "5").And.Contain(PolicyLabels.For("shop", "ratings"), "7");
        third.OwnerOf("outbound|8080||ratings.shop.svc.cluster.local").Should().Be(PolicyLabels.For("shop", "ratings"));
        foreach (var type in TypeUrls.PushOrder)
        {
            third.Get(type).Should().BeSameAs(second.Get(type), "a generation alone moves labels, not resources: nothing is rebuilt or pushed");
        }
        third.Owners.Should().BeSameAs(second.Owners);
    }

    [Fact]
    public async Task A_node_naming_no_known_pod_gets_an_empty_config_and_its_pod_is_served_once_it_appears()
    {
        var pod = Pod("reviews-9", "reviews");
        var server = NewServer();
        server.Publish(MeshModelOf([])).Should().BeEmpty();

        await ConnectAsync(server, NodeId(pod));

        SnapshotOf(NodeId(pod)).Types.Values.Should().OnlyContain(t => t.Count == 0);
        server.UnknownNodes.Should().Equal(NodeId(pod));

        server.Publish(MeshModelOf([pod])).Should().BeEmpty();

        SnapshotOf(NodeId(pod)).Get(TypeUrls.Listener).Count.Should().BeGreaterThan(0);
        server.UnknownNodes.Should().BeEmpty();
    }

    [Fact]
    public async Task An_unknown_node_leaves_the_list_when_its_last_stream_ends()
    {
        var pod = Pod("reviews-9", "reviews");
        var server = NewServer();
        server.Publish(MeshModelOf([])).Should().BeEmpty();
        var key = await ConnectAsync(server, NodeId(pod));
        await ConnectAsync(server, NodeId(pod));
        server.UnknownNodes.Should().Equal(NodeId(pod));

        server.Release(NodeId(pod), key);
        server.UnknownNodes.Should().Equal([NodeId(pod)], "one stream of the node is still open");

        server.Release(NodeId(pod), key);
        server.UnknownNodes.Should().BeEmpty();
    }

    [Fact]
    public async Task Before_the_first_publish_a_sidecar_gets_nothing_rather_than_an_empty_config()
    {
        var server = NewServer();
        var key = await ConnectAsync(server, NodeId(Pod("reviews-1", "reviews")));

        _cache.TryGetSnapshot(key, out _).Should().BeFalse("an empty config would wipe a reconnecting proxy's listeners");
    }

    [Fact]
    public async Task Proxyless_clients_share_the_proxyless_snapshot()
    {
        var server = NewServer();
        server.Publish(MeshModelOf([])).Should().BeEmpty();

        (await ConnectAsync(server, "grpc-client-1")).Should().Be(MeshConfigServer.ProxylessKey);
        (await ConnectAsync(server, "grpc-client-2")).Should().Be(MeshConfigServer.ProxylessKey);
        _cache.TryGetSnapshot(MeshConfigServer.ProxylessKey, out var snapshot).Should().BeTrue();
        snapshot.Get(TypeUrls.Listener).ByName.Keys.Should().Contain("reviews.shop.svc.cluster.local:9080");
        snapshot.OwnerOf("reviews.shop.svc.cluster.local:9080").Should().Be(PolicyLabels.For("shop", "reviews"));
    }

    [Fact]
    public async Task Proxyless_clients_get_the_snapshot_of_their_capabilities_served_at_once_and_kept_on_publish()
    {
        var server = NewServer();
        server.Publish(MeshModelOf([])).Should().BeEmpty();
        var core = new Node { Id = "python-client", UserAgentName = "gRPC C-core linux Python", UserAgentVersion = "C-core 29.0.0 Python 1.51.1" };
        var js = new Node { Id = "js-client", UserAgentName = "gRPC Node Pure JS", UserAgentVersion = "1.14.1" };

        var coreKey = await server.ResolveAsync(core, null!);
        (await server.ResolveAsync(js, null!)).Should().Be(MeshConfigServer.ProxylessKey);

        coreKey.Should().Be(MeshConfigServer.ProxylessKeyFor(ProxyCapabilities.Legacy)).And.NotBe(MeshConfigServer.ProxylessKey);
        _cache.TryGetSnapshot(coreKey, out var first).Should().BeTrue("the first client of a new capability set is served from the last publish");
        first.Get(TypeUrls.Listener).ByName.Keys.Should().Contain("reviews.shop.svc.cluster.local:9080");

        server.Publish(MeshModelOf([], reviewsGeneration: 2)).Should().BeEmpty();
        _cache.TryGetSnapshot(coreKey, out var second).Should().BeTrue();
        second.Should().NotBeSameAs(first, "every publish refreshes each capability set's snapshot");
    }

    [Fact]
    public async Task A_pod_node_announcing_a_grpc_library_gets_the_proxyless_config_of_its_pod_including_its_pod_ip_listener()
    {
        var pod = Pod("reviews-1", "reviews");
        var server = NewServer();
        server.Publish(MeshModelOf([pod])).Should().BeEmpty();

        var key = await server.ResolveAsync(new Node { Id = NodeId(pod), UserAgentName = "gRPC Node Pure JS", UserAgentVersion = "1.14.1" }, null!);
        var envoy = Pod("reviews-2", "reviews");
        server.Publish(MeshModelOf([pod, envoy])).Should().BeEmpty();
        await ConnectAsync(server, NodeId(envoy));

        key.Should().Be(MeshConfigServer.ProxylessPodKey(NodeId(pod), ProxyCapabilityTable.Resolve("gRPC Node Pure JS", "1.14.1")),
            "a proxyless pod has an entry of its own, apart from any Envoy claiming the same node id");
        _cache.TryGetSnapshot(key, out var podSnapshot).Should().BeTrue();
        var names = podSnapshot!.Get(TypeUrls.Listener).ByName.Keys.ToList();
        names.Should().Contain("reviews.shop.svc.cluster.local:9080", "it calls services through API listeners")
            .And.Contain($"xds.mesh.dev/grpc/lds/inbound/{pod.Ip}:9080", "it serves reviews and may bind its pod IP")
            .And.Contain("xds.mesh.dev/grpc/lds/inbound/0.0.0.0:9080")
            .And.NotContain(global::Mesh.XdsServer.Translation.XdsNames.VirtualInbound);
        SnapshotOf(NodeId(envoy)).Get(TypeUrls.Listener).ByName.Keys.Should().Contain(global::Mesh.XdsServer.Translation.XdsNames.VirtualInbound, "a node without a gRPC user agent is an Envoy");
        podSnapshot.Labels.Should().ContainKey(PolicyLabels.For("shop", "reviews"), "its inbound policy counts it");
    }

    [Theory]
    [InlineData("sidecar~10.0.0.1~pod-without-namespace~shop.svc.cluster.local")]
    [InlineData("sidecar~~reviews-1.shop~shop.svc.cluster.local")]
    [InlineData("sidecar~10.0.0.1~reviews-1.shop")]
    public async Task A_malformed_sidecar_node_id_is_refused_with_invalid_argument(string nodeId)
    {
        var server = NewServer();

        var refuse = () => ConnectAsync(server, nodeId);

        (await refuse.Should().ThrowAsync<XdsProtocolException>()).Which.Code.Should().Be(StatusCode.InvalidArgument);
    }

    [Fact]
    public async Task The_proxyless_snapshot_is_built_once_a_proxyless_client_connects_and_at_every_publish_after()
    {
        var pod = Pod("reviews-1", "reviews");
        var server = NewServer();
        server.Publish(MeshModelOf([pod])).Should().BeEmpty();

        _cache.TryGetSnapshot(MeshConfigServer.ProxylessKey, out _).Should().BeFalse("no proxyless client: the whole mesh's proxyless config is built for nobody");
        server.LastPublishTimings.Fresh.Should().Be(0);

        (await ConnectAsync(server, "grpc-client-1")).Should().Be(MeshConfigServer.ProxylessKey);
        _cache.TryGetSnapshot(MeshConfigServer.ProxylessKey, out var first).Should().BeTrue("the first client is served at once from the last published model");
        first.Get(TypeUrls.Listener).ByName.Keys.Should().Contain(k => k.StartsWith("reviews.", StringComparison.Ordinal));
        server.SourceFields.Keys.Should().Contain(k => k.Contains("reviews.shop", StringComparison.Ordinal), "a NACK of the new client names its field before the next publish");

        server.Publish(MeshModelOf([pod]) with { Services = [Service("reviews", "reviews"), Service("ratings", "ratings", 8080)] }).Should().BeEmpty();
        _cache.TryGetSnapshot(MeshConfigServer.ProxylessKey, out var second).Should().BeTrue();
        second.Get(TypeUrls.Listener).ByName.Keys.Should().Contain(k => k.StartsWith("ratings.", StringComparison.Ordinal), "later publishes build it too");
    }

    [Fact]
    public async Task A_first_proxyless_client_of_a_model_it_cannot_be_served_gets_nothing_and_the_next_publish_is_refused()
    {
        var server = NewServer();
        // Two services with one name in one namespace: duplicate cluster names. No proxy is connected, so nothing is built.
        var broken = MeshModelOf([]) with { Services = [Service("reviews", "reviews"), Service("reviews", "reviews", 9080)] };
        server.Publish(broken).Should().BeEmpty();

        (await ConnectAsync(server, "grpc-client-1")).Should().Be(MeshConfigServer.ProxylessKey);

        _cache.TryGetSnapshot(MeshConfigServer.ProxylessKey, out _).Should().BeFalse("a config that fails the snapshot check is never served");
        server.Publish(broken).Should().ContainSingle().Which.Should().Contain("reviews", "the publish now builds the client's config and names what is wrong");
    }

    [Fact]
    public async Task A_sidecar_that_connects_after_a_publish_has_its_resources_source_fields_known_at_once()
    {
        var pod = Pod("reviews-1", "reviews");
        var server = NewServer();
        server.Publish(MeshModelOf([pod])).Should().BeEmpty();
        server.SourceFields.Should().BeEmpty("nothing was served");

        await ConnectAsync(server, NodeId(pod));

        server.SourceFields.Should().ContainKey("outbound|8080||ratings.shop.svc.cluster.local", "the sidecar was served from the published model");
    }

    [Fact]
    public async Task A_model_that_cannot_be_served_changes_nothing()
    {
        var pod = Pod("reviews-1", "reviews");
        var server = NewServer();
        await ConnectAsync(server, NodeId(pod));
        server.ServeProxyless(ProxyCapabilities.Full);
        server.Publish(MeshModelOf([pod])).Should().BeEmpty();
        var before = SnapshotOf(NodeId(pod));
        _cache.TryGetSnapshot(MeshConfigServer.ProxylessKey, out var proxylessBefore).Should().BeTrue();
        // Two services with one name in one namespace: duplicate cluster names, refused by the snapshot check.
        var broken = MeshModelOf([pod]) with { Services = [Service("reviews", "reviews"), Service("reviews", "reviews", 9080)] };

        server.Publish(broken).Should().NotBeEmpty();

        SnapshotOf(NodeId(pod)).Should().BeSameAs(before);
        _cache.TryGetSnapshot(MeshConfigServer.ProxylessKey, out var proxylessAfter);
        proxylessAfter.Should().BeSameAs(proxylessBefore);
    }

    [Fact]
    public async Task When_the_last_stream_of_a_node_ends_its_snapshot_entry_goes()
    {
        var pod = Pod("reviews-1", "reviews");
        var server = NewServer();
        server.Publish(MeshModelOf([pod]));
        var key = await ConnectAsync(server, NodeId(pod));
        await ConnectAsync(server, NodeId(pod));

        server.Release(NodeId(pod), key);
        _cache.TryGetSnapshot(key, out _).Should().BeTrue("a second stream of the node is still open");
        server.Release(NodeId(pod), key);

        _cache.TryGetSnapshot(key, out _).Should().BeFalse();
    }

    [Fact]
    public async Task Five_hundred_sidecars_of_ten_workloads_get_ten_snapshot_instances()
    {
        var services = Enumerable.Range(0, 10).Select(i => Service($"svc-{i}", "mesh", 8000 + i)).ToList();
        var pods = Enumerable.Range(0, 500).Select(i => Pod($"svc-{i % 10}-{i}", $"svc-{i % 10}", policy: "mesh", hash: $"h{i % 3}")).ToList();
        var model = new MeshModel
        {
            Services = services,
            Workloads = pods,
            Policies = [new MeshPolicyRef { Namespace = "shop", Name = "mesh", Generation = 1 }],
        };
        var server = NewServer();
        foreach (var pod in pods)
        {
            await ConnectAsync(server, NodeId(pod));
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        server.Publish(model).Should().BeEmpty();
        var first = clock.Elapsed;
        clock.Restart();
        server.Publish(model with { Services = [.. services] }).Should().BeEmpty();
        var second = clock.Elapsed;

        var distinct = pods.Select(p => SnapshotOf(NodeId(p))).Distinct().Count();
        output.WriteLine($"500 sidecars, 10 workloads: {distinct} snapshots; publish {first.TotalMilliseconds:F0} ms (cold), {second.TotalMilliseconds:F0} ms (new model, same content)");
        distinct.Should().Be(10, "one scope per workload: the pod-template-hash is read by no selector");
    }

    [Fact]
    public async Task A_stream_start_during_a_publish_waits_without_holding_its_thread_and_status_reads_do_not_wait()
    {
        using var validator = new BlockingValidator();
        var (server, cache, pod, name, publish) = HeldPublish(validator);

        var start = server.ResolveAsync(new Node { Id = NodeId(pod) }, null!);

        start.IsCompleted.Should().BeFalse("the publish holds the server; the start must wait for it, but not on this thread");
        var unknown = Task.Run(() => server.UnknownNodes);
        (await Task.WhenAny(unknown, Task.Delay(TimeSpan.FromSeconds(10)))).Should().BeSameAs(unknown, "a status reconcile reading the unknown nodes does not wait for a publish");
        validator.Release();
        (await publish).Should().BeEmpty();
        var key = await start;
        key.Should().Be(MeshConfigServer.SidecarKey(NodeId(pod)));
        cache.TryGetSnapshot(key, out var snapshot).Should().BeTrue("the node is served from the publish it waited for");
        snapshot.Get(TypeUrls.Cluster).ByName.Keys.Should().Contain(k => k.Contains(name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stream_start_cancelled_while_it_waits_for_a_publish_leaves_nothing_behind()
    {
        using var validator = new BlockingValidator();
        var (server, cache, pod, _, publish) = HeldPublish(validator);
        using var gone = new CancellationTokenSource();

        var start = server.ResolveAsync(new Node { Id = NodeId(pod) }, new TestCallContext(gone.Token)).AsTask();
        await gone.CancelAsync();

        Func<Task> waited = () => start;
        await waited.Should().ThrowAsync<OperationCanceledException>("the stream went while it waited");
        validator.Release();
        (await publish).Should().BeEmpty();
        cache.TryGetSnapshot(MeshConfigServer.SidecarKey(NodeId(pod)), out _).Should().BeFalse("a start that never registered is not served, and owes no release");
        server.UnknownNodes.Should().BeEmpty();
    }

    /// <summary>A server whose first publish (of a pod and a service of its own) is held inside validation until
    /// <paramref name="validator"/> is released.</summary>
    private static (MeshConfigServer Server, SnapshotCache Cache, Workload Pod, string Service, Task<IReadOnlyList<string>> Publish) HeldPublish(BlockingValidator validator)
    {
        // A service of its own: validation is remembered per resource, and the publish must reach the validator.
        var name = $"held-{Guid.NewGuid():N}";
        var pod = Pod($"{name}-1", name, policy: "mesh");
        var model = new MeshModel
        {
            Services = [Service(name, "mesh", 8000)],
            Workloads = [pod],
            Policies = [new MeshPolicyRef { Namespace = "shop", Name = "mesh", Generation = 1 }],
        };
        var cache = new SnapshotCache(validator, TimeProvider.System);
        var server = new MeshConfigServer(cache, NullLogger<MeshConfigServer>.Instance);
        // With no sidecar connected yet, the proxyless snapshot is what the publish checks.
        server.ServeProxyless(ProxyCapabilities.Full);
        var publish = Task.Run(() => server.Publish(model));
        validator.Entered.Wait(TimeSpan.FromSeconds(30)).Should().BeTrue("the publish reaches validation");
        return (server, cache, pod, name, publish);
    }

    /// <summary>Accepts everything, but holds the first call until released (a publish stays inside the server's lock).</summary>
    private sealed class BlockingValidator : IResourceValidator, IDisposable
    {
        private readonly ManualResetEventSlim _release = new();

        public ManualResetEventSlim Entered { get; } = new();

        public IReadOnlyList<string> Validate(Google.Protobuf.IMessage message)
        {
            Entered.Set();
            _release.Wait(TimeSpan.FromSeconds(30));
            return [];
        }

        public void Release() => _release.Set();

        public void Dispose()
        {
            _release.Dispose();
            Entered.Dispose();
        }
    }
}
