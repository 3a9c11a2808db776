using Google.Protobuf;
using Mesh.XdsServer.Cache;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Tests.Support;

namespace Mesh.XdsServer.Tests.Snapshots;

public sealed class SnapshotCacheTests
{
    [Fact]
    public void A_snapshot_with_an_invalid_resource_is_refused_and_the_last_good_one_stays()
    {
        var cache = new SnapshotCache(new RejectNamed("bad"), TimeProvider.System);
        var good = Snapshot.Create([TestResources.StaticCluster("good")], cache: new ResourceCache());
        cache.SetSnapshot("k", good);

        var act = () => cache.SetSnapshot("k", Snapshot.Create(
            [TestResources.StaticCluster("bad"), TestResources.StaticCluster("good")], cache: new ResourceCache()));

        act.Should().Throw<InvalidSnapshotException>()
            .Which.Errors.Should().Equal("CDS resource 'bad': name: must not be 'bad'");
        cache.TryGetSnapshot("k", out var current).Should().BeTrue();
        current.Should().BeSameAs(good);
    }

    [Fact]
    public void Try_set_reports_errors_without_throwing()
    {
        var cache = new SnapshotCache(new RejectNamed("bad"), TimeProvider.System);

        var ok = cache.TrySetSnapshot("k", Snapshot.Create([TestResources.StaticCluster("bad")], cache: new ResourceCache()), out var errors);

        ok.Should().BeFalse();
        errors.Should().ContainSingle();
        cache.TryGetSnapshot("k", out _).Should().BeFalse();
    }

    [Fact]
    public void A_resource_shared_by_many_snapshots_is_validated_once()
    {
        var validator = new RejectNamed("never");
        var cache = new SnapshotCache(validator, TimeProvider.System);
        var resources = new ResourceCache();
        var shared = TestResources.StaticCluster("shared");

        for (var i = 0; i < 10; i++)
        {
            cache.SetSnapshot($"k{i}", Snapshot.Create([shared], cache: resources));
        }

        validator.Calls.Should().Be(1);
    }

    [Fact]
    public void Watchers_are_signalled_on_set_and_not_after_disposal_and_clear_forgets_the_snapshot()
    {
        var cache = new SnapshotCache();
        var signals = 0;
        var watch = cache.Watch("k", () => Interlocked.Increment(ref signals));

        cache.SetSnapshot("k", Snapshot.Create([TestResources.StaticCluster("a")], cache: new ResourceCache()));
        cache.SetSnapshot("other", Snapshot.Create([TestResources.StaticCluster("a")], cache: new ResourceCache()));
        watch.Dispose();
        cache.SetSnapshot("k", Snapshot.Create([TestResources.StaticCluster("b")], cache: new ResourceCache()));

        signals.Should().Be(1);
        cache.WatcherCount("k").Should().Be(0);
        cache.ClearSnapshot("k").Should().BeTrue();
        cache.TryGetSnapshot("k", out _).Should().BeFalse();
        cache.ClearSnapshot("k").Should().BeFalse();
        cache.Keys.Should().Equal("other");
    }

    private sealed class RejectNamed(string name) : IResourceValidator
    {
        public int Calls;

        public IReadOnlyList<string> Validate(IMessage message)
        {
            Interlocked.Increment(ref Calls);
            return message is Envoy.Config.Cluster.V3.Cluster c && c.Name == name ? [$"name: must not be '{name}'"] : [];
        }
    }
}
