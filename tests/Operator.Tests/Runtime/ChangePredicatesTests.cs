using Mesh.Operator.Entities;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Tests.Runtime;

public sealed class ChangePredicatesTests
{
    private static MeshPolicy Policy(string rv, long generation, string? label = null) => new()
    {
        Metadata = new()
        {
            Name = "p",
            NamespaceProperty = "ns",
            ResourceVersion = rv,
            Generation = generation,
            Labels = label is null ? null : new Dictionary<string, string> { ["l"] = label },
        },
    };

    [Fact]
    public void A_status_only_change_does_not_wake_the_primary_controller() =>
        ChangePredicates.PrimaryChanged(Policy("1", 1), Policy("2", 1)).Should().BeFalse();

    [Fact]
    public void A_spec_change_wakes_the_primary_controller() =>
        ChangePredicates.PrimaryChanged(Policy("1", 1), Policy("2", 2)).Should().BeTrue();

    [Fact]
    public void A_label_change_wakes_the_primary_controller() =>
        ChangePredicates.PrimaryChanged(Policy("1", 1, "a"), Policy("2", 1, "b")).Should().BeTrue();

    [Fact]
    public void Adds_and_deletes_always_wake_it()
    {
        ChangePredicates.PrimaryChanged(null, Policy("1", 1)).Should().BeTrue();
        ChangePredicates.PrimaryChanged(Policy("1", 1), null).Should().BeTrue();
    }

    [Fact]
    public void The_same_version_seen_again_by_a_relist_wakes_nothing() =>
        ChangePredicates.PrimaryChanged(Policy("1", 1), Policy("1", 1)).Should().BeFalse();
}
