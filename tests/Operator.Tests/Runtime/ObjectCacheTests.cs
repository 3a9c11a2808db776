using k8s.Models;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Tests.Runtime;

public sealed class ObjectCacheTests
{
    private static V1Service Service(string ns, string name, string? ownerUid = null, params (string Key, string Value)[] labels) => new()
    {
        Metadata = new()
        {
            Name = name,
            NamespaceProperty = ns,
            Labels = labels.ToDictionary(l => l.Key, l => l.Value),
            OwnerReferences = ownerUid is null ? null : [new V1OwnerReference { Uid = ownerUid, Name = "o", Kind = "MeshPolicy", ApiVersion = "mesh.dev/v1alpha1" }],
        },
    };

    [Fact]
    public void Indexes_objects_by_namespace_owner_and_label()
    {
        var cache = new ObjectCache<V1Service>();
        cache.Upsert(Service("a", "one", "uid-1", ("app", "web")));
        cache.Upsert(Service("a", "two", null, ("app", "db")));
        cache.Upsert(Service("b", "three", "uid-1", ("app", "web"), ("tier", "front")));

        cache.ListByNamespace("a").Select(s => s.Metadata.Name).Should().BeEquivalentTo("one", "two");
        cache.ListByOwner("uid-1").Select(s => s.Metadata.Name).Should().BeEquivalentTo("one", "three");
        cache.ListByLabel("app", "web").Select(s => s.Metadata.Name).Should().BeEquivalentTo("one", "three");
        cache.ListBySelector("b", new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" }).Single().Metadata.Name.Should().Be("three");
        cache.ListBySelector("a", new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" }).Should().BeEmpty();
    }

    [Fact]
    public void Change_counters_move_with_every_upsert_and_removal_and_only_in_their_namespace()
    {
        var cache = new ObjectCache<V1Service>();
        cache.Upsert(Service("a", "one"));
        var (all, a, b) = (cache.Changes, cache.ChangesIn("a"), cache.ChangesIn("b"));

        cache.Upsert(Service("b", "two"));
        cache.ChangesIn("a").Should().Be(a, "nothing of namespace a changed");
        cache.ChangesIn("b").Should().BeGreaterThan(b);
        cache.Changes.Should().BeGreaterThan(all);

        var before = cache.ChangesIn("a");
        cache.Upsert(Service("a", "one"));
        cache.ChangesIn("a").Should().BeGreaterThan(before, "an update counts, even to equal content");

        before = cache.ChangesIn("a");
        cache.Remove(ObjectKey.Create("a", "one"));
        cache.ChangesIn("a").Should().BeGreaterThan(before);

        before = cache.ChangesIn("a");
        cache.Remove(ObjectKey.Create("a", "one")).Should().BeNull();
        cache.ChangesIn("a").Should().Be(before, "removing what is not there changes nothing");
        cache.ChangesIn("never-seen").Should().Be(0);
    }

    [Fact]
    public void An_update_moves_the_object_between_index_entries()
    {
        var cache = new ObjectCache<V1Service>();
        cache.Upsert(Service("a", "one", "uid-1", ("app", "web")));

        var old = cache.Upsert(Service("a", "one", "uid-2", ("app", "api")));

        old!.Metadata.Labels["app"].Should().Be("web");
        cache.ListByLabel("app", "web").Should().BeEmpty();
        cache.ListByOwner("uid-1").Should().BeEmpty();
        cache.ListByLabel("app", "api").Should().ContainSingle();
        cache.ListByOwner("uid-2").Should().ContainSingle();
    }

    [Fact]
    public void Removing_an_object_removes_it_from_every_index()
    {
        var cache = new ObjectCache<V1Service>();
        cache.Upsert(Service("a", "one", "uid-1", ("app", "web")));

        cache.Remove(ObjectKey.Create("a", "one")).Should().NotBeNull();

        cache.Count.Should().Be(0);
        cache.ListByNamespace("a").Should().BeEmpty();
        cache.ListByOwner("uid-1").Should().BeEmpty();
        cache.ListByLabel("app", "web").Should().BeEmpty();
        cache.Remove(ObjectKey.Create("a", "one")).Should().BeNull();
    }
}
