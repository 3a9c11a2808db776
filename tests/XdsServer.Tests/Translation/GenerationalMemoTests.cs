using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Mesh.XdsServer.Translation;

namespace Mesh.XdsServer.Tests.Translation;

/// <summary>The memo that outlives a model: found by key, forgotten after an unused generation, and (with interning)
/// handing out the earlier instance of a value that was rebuilt under a new version but came out equal.</summary>
public sealed class GenerationalMemoTests
{
    private static readonly Interning<(string Name, int Version), Cluster> ByName =
        new(k => k.Name, MessageInterning.Message);

    [Fact]
    public void A_value_rebuilt_equal_under_a_new_version_is_the_earlier_instance()
    {
        var memo = new GenerationalMemo<(string, int), Cluster>(ByName);
        var first = memo.GetOrAdd(("a", 1), () => Cluster("a", 5));

        memo.NextGeneration();
        var second = memo.GetOrAdd(("a", 2), () => Cluster("a", 5));

        second.Should().BeSameAs(first);
        memo.Built.Should().Be(2);
        memo.Reused.Should().Be(1);
    }

    [Fact]
    public void A_value_rebuilt_different_is_the_new_instance_and_becomes_what_the_next_one_is_compared_with()
    {
        var memo = new GenerationalMemo<(string, int), Cluster>(ByName);
        var first = memo.GetOrAdd(("a", 1), () => Cluster("a", 5));
        memo.NextGeneration();
        var second = memo.GetOrAdd(("a", 2), () => Cluster("a", 6));
        memo.NextGeneration();
        var third = memo.GetOrAdd(("a", 3), () => Cluster("a", 6));

        second.Should().NotBeSameAs(first);
        second.ConnectTimeout.Seconds.Should().Be(6);
        third.Should().BeSameAs(second);
    }

    [Fact]
    public void Without_interning_a_new_version_is_a_new_instance_and_an_unused_generation_is_forgotten()
    {
        var memo = new GenerationalMemo<(string, int), Cluster>();
        var first = memo.GetOrAdd(("a", 1), () => Cluster("a", 5));
        memo.GetOrAdd(("a", 2), () => Cluster("a", 5)).Should().NotBeSameAs(first);

        memo.NextGeneration();
        memo.NextGeneration();
        memo.GetOrAdd(("a", 1), () => Cluster("a", 5)).Should().NotBeSameAs(first, "two generations without a use drop the entry");
        memo.Built.Should().Be(3);
    }

    [Fact]
    public void A_list_keeps_the_earlier_list_when_equal_and_the_earlier_instances_of_its_equal_items_otherwise()
    {
        var a = Cluster("a", 1);
        var b = Cluster("b", 1);
        IReadOnlyList<Cluster> prior = [a, b];

        MessageInterning.List(prior, [Cluster("a", 1), Cluster("b", 1)]).Should().BeSameAs(prior);

        var changed = MessageInterning.List(prior, [Cluster("a", 1), Cluster("b", 2)]);
        changed.Should().NotBeSameAs(prior);
        changed[0].Should().BeSameAs(a);
        changed[1].Should().NotBeSameAs(b);
        changed[1].ConnectTimeout.Seconds.Should().Be(2);

        var longer = MessageInterning.List(prior, [Cluster("a", 1), Cluster("b", 1), Cluster("c", 1)]);
        longer.Should().HaveCount(3);
        longer[0].Should().BeSameAs(a);
        longer[1].Should().BeSameAs(b);
    }

    [Fact]
    public void A_superseded_version_is_forgotten_at_once_without_waiting_for_a_generation()
    {
        var memo = new GenerationalMemo<(string, int), Cluster>(ByName);
        var first = memo.GetOrAdd(("a", 1), () => Cluster("a", 5));
        memo.GetOrAdd(("a", 2), () => Cluster("a", 6));

        memo.GetOrAdd(("a", 1), () => Cluster("a", 5)).Should().NotBeSameAs(first, "version 1 was dropped when version 2 was built");
        memo.Built.Should().Be(3);
    }

    [Fact]
    public void An_endpoint_patch_puts_changed_assignments_in_place_and_declines_what_it_cannot_place()
    {
        var service = new Mesh.XdsServer.Model.MeshService { Name = "s", Namespace = "n" };
        IReadOnlyList<ClusterLoadAssignment> last = [Assignment("a", 1), Assignment("b", 1), Assignment("c", 1)];

        var changedB = Assignment("b", 2);
        var patched = EndpointPatch.TryApply(last, [service], _ => [changedB]);
        patched.Should().NotBeNull();
        patched![0].Should().BeSameAs(last[0]);
        patched[1].Should().BeSameAs(changedB);
        patched[2].Should().BeSameAs(last[2]);

        EndpointPatch.TryApply(last, [service], _ => [last[1]]).Should().BeSameAs(last, "nothing changed");
        EndpointPatch.TryApply(last, [service], _ => []).Should().BeSameAs(last, "a service the proxy does not see changes nothing");
        EndpointPatch.TryApply(last, [service], _ => [Assignment("d", 1)]).Should().BeNull("d has no place: the list must be built");
        EndpointPatch.TryApply([Assignment("a", 1), Assignment("a", 1)], [service], _ => [Assignment("a", 2)])
            .Should().BeNull("a name twice cannot be patched by name");
    }

    private static ClusterLoadAssignment Assignment(string name, uint weight) =>
        new() { ClusterName = name, Endpoints = { new LocalityLbEndpoints { LoadBalancingWeight = weight } } };

    private static Cluster Cluster(string name, int seconds) =>
        new() { Name = name, ConnectTimeout = new Google.Protobuf.WellKnownTypes.Duration { Seconds = seconds } };
}
