using Envoy.Config.Endpoint.V3;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Tests.Support;

namespace Mesh.XdsServer.Tests.Snapshots;

public sealed class SnapshotTests
{
    [Fact]
    public void A_consistent_snapshot_holds_every_type_with_content_versions()
    {
        var snapshot = Snapshot.Create(TestResources.Service("svc", 1), cache: new ResourceCache());

        snapshot.Get(TypeUrls.Cluster).ByName.Keys.Should().Equal("svc");
        snapshot.Get(TypeUrls.Endpoint).ByName.Keys.Should().Equal("svc");
        snapshot.Get(TypeUrls.Listener).ByName.Keys.Should().Equal("svc");
        snapshot.Get(TypeUrls.Route).ByName.Keys.Should().Equal("svc");
        snapshot.Get(TypeUrls.Secret).Count.Should().Be(0);
        snapshot.GetVersion(TypeUrls.Cluster).Should().MatchRegex("^[0-9a-f]{16}$");
    }

    [Fact]
    public void Endpoints_with_the_same_names_replace_eds_alone_other_names_are_refused_and_clusters_are_never_swapped()
    {
        var cache = new ResourceCache();
        var owners = new Dictionary<string, string> { ["svc"] = "policy" };
        var snapshot = Snapshot.Create(TestResources.Service("svc", 1), new Dictionary<string, string> { ["policy"] = "3" }, cache, owners);

        var moved = snapshot.WithSameNames(TypeResources.For(TypeUrls.Endpoint, [TestResources.Endpoints("svc", 1, 2)], cache));

        moved.Should().NotBeNull();
        moved!.GetVersion(TypeUrls.Endpoint).Should().NotBe(snapshot.GetVersion(TypeUrls.Endpoint));
        moved.Get(TypeUrls.Cluster).Should().BeSameAs(snapshot.Get(TypeUrls.Cluster));
        moved.Labels.Should().BeSameAs(snapshot.Labels);
        moved.OwnerOf("svc").Should().Be("policy");
        snapshot.Get(TypeUrls.Endpoint).Ordered.Single().Message.Should().BeEquivalentTo(TestResources.Endpoints("svc", 1), "the original is not changed");
        snapshot.WithSameNames(TypeResources.For(TypeUrls.Endpoint, [TestResources.Endpoints("other", 1)], cache))
            .Should().BeNull("a cluster would miss its assignment: that needs the full check");
        snapshot.WithSameNames(TypeResources.For(TypeUrls.Endpoint, [TestResources.Endpoints("svc", 1), TestResources.Endpoints("more", 1)], cache))
            .Should().BeNull();
        snapshot.Invoking(s => s.WithSameNames(snapshot.Get(TypeUrls.Cluster))).Should().Throw<ArgumentException>("clusters name other resources");
    }

    [Fact]
    public void An_eds_cluster_without_its_load_assignment_is_refused_naming_both()
    {
        var act = () => Snapshot.Create([TestResources.EdsCluster("svc", "svc-eds")], cache: new ResourceCache());

        act.Should().Throw<InvalidSnapshotException>()
            .Which.Errors.Should().ContainSingle().Which.Should().Contain("Cluster 'svc'").And.Contain("'svc-eds'");
    }

    [Fact]
    public void A_listener_naming_a_missing_route_configuration_is_refused_with_the_path()
    {
        var act = () => Snapshot.Create(
            [TestResources.SocketListener("l", "missing", 80), TestResources.ApiListener("api", "also-missing")],
            cache: new ResourceCache());

        var errors = act.Should().Throw<InvalidSnapshotException>().Which.Errors;
        errors.Should().HaveCount(2);
        errors.Should().Contain(e => e.Contains("Listener 'l' filter_chains[0].filters[0]") && e.Contains("'missing'"));
        errors.Should().Contain(e => e.Contains("Listener 'api' api_listener") && e.Contains("'also-missing'"));
    }

    [Fact]
    public void Duplicate_names_within_a_type_are_refused_and_every_error_is_reported()
    {
        var act = () => Snapshot.Create(
            [TestResources.StaticCluster("a"), TestResources.StaticCluster("a"), TestResources.EdsCluster("e")],
            cache: new ResourceCache());

        var errors = act.Should().Throw<InvalidSnapshotException>().Which.Errors;
        errors.Should().Contain(e => e.Contains("CDS resource 'a' appears 2 times"));
        errors.Should().Contain(e => e.Contains("Cluster 'e'"));
    }

    [Fact]
    public void A_message_of_an_unserved_type_or_without_a_name_is_refused()
    {
        var act = () => Snapshot.Create(
            [new Envoy.Config.Core.V3.Node { Id = "x" }, TestResources.StaticCluster("")], cache: new ResourceCache());

        var errors = act.Should().Throw<InvalidSnapshotException>().Which.Errors;
        errors.Should().Contain(e => e.Contains("envoy.config.core.v3.Node is not a type this server serves"));
        errors.Should().Contain(e => e.Contains("empty name"));
    }

    [Fact]
    public void Equal_contents_give_equal_versions_and_a_change_gives_a_new_one()
    {
        var cache = new ResourceCache();
        var one = Snapshot.Create(TestResources.Service("svc", 1), cache: cache);
        var same = Snapshot.Create(TestResources.Service("svc", 1), cache: cache);
        var changed = Snapshot.Create(TestResources.Service("svc", 2), cache: cache);

        same.GetVersion(TypeUrls.Endpoint).Should().Be(one.GetVersion(TypeUrls.Endpoint));
        same.GetVersion(TypeUrls.Cluster).Should().Be(one.GetVersion(TypeUrls.Cluster));
        changed.GetVersion(TypeUrls.Endpoint).Should().NotBe(one.GetVersion(TypeUrls.Endpoint));
        changed.GetVersion(TypeUrls.Cluster).Should().Be(one.GetVersion(TypeUrls.Cluster));
    }

    [Fact]
    public void The_same_message_instance_in_many_snapshots_is_serialized_once()
    {
        var cache = new ResourceCache();
        var shared = TestResources.Endpoints("svc", 1, 2, 3);

        var snapshots = Enumerable.Range(0, 50)
            .Select(i => Snapshot.Create([shared, TestResources.StaticCluster($"own-{i}")], cache: cache))
            .ToList();

        cache.Serializations.Should().Be(51);
        snapshots.Select(s => s.Get(TypeUrls.Endpoint).ByName["svc"]).Distinct().Should().ContainSingle();
    }

    [Fact]
    public void Equal_messages_built_separately_share_one_cached_resource()
    {
        var cache = new ResourceCache();

        var first = cache.GetOrAdd(TestResources.Endpoints("svc", 1));
        var second = cache.GetOrAdd(TestResources.Endpoints("svc", 1));
        var other = cache.GetOrAdd(TestResources.Endpoints("svc", 2));

        second.Should().BeSameAs(first);
        other.Should().NotBeSameAs(first);
        other.Version.Should().NotBe(first.Version);
        first.Any.Unpack<ClusterLoadAssignment>().ClusterName.Should().Be("svc");
        first.DeltaResource.Version.Should().Be(first.Version);
    }

    [Fact]
    public void Labels_are_copied_so_later_changes_to_the_caller_dictionary_do_not_leak_in()
    {
        var labels = new Dictionary<string, string> { ["mesh.dev/policy-generation"] = "4" };
        var snapshot = Snapshot.Create([TestResources.StaticCluster("a")], labels, new ResourceCache());

        labels["mesh.dev/policy-generation"] = "5";

        snapshot.Labels.Should().Contain("mesh.dev/policy-generation", "4");
    }
}
