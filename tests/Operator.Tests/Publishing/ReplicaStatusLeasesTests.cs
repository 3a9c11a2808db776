using Mesh.Operator.Status;
using Mesh.Operator.Entities;
using Mesh.Operator.Publishing;

namespace Mesh.Operator.Tests.Publishing;

public sealed class ReplicaStatusLeasesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static readonly PublishedPolicy Published = new() { Namespace = "shop", Name = "mesh", Generation = 2 };

    private static readonly ProgrammedState NoLocalProxies = ProgrammedEvaluator.Decide(Published, 2, true, new ProxiesStatus(), null);

    [Fact]
    public void A_fresh_lease_of_another_replica_is_read_back_and_its_counts_are_added()
    {
        var remote = new ReplicaProxySummary { Generation = 2, Connected = 2, Acked = 2 };
        var lease = ReplicaStatusLeases.Build("mesh-system", "replica-b", new Dictionary<string, ReplicaProxySummary> { ["shop/mesh"] = remote }, Now);

        var others = ReplicaStatusLeases.OthersFor([lease], "replica-a", "shop/mesh", Now.AddSeconds(5));
        var merged = ReplicaStatusLeases.Merge(NoLocalProxies, Published, 2, true, others);

        others.Should().Equal(remote);
        merged.Status.Should().Be(ConditionStatus.True);
        merged.Reason.Should().Be(ConditionReasons.AllProxiesAcked);
        merged.Proxies.Should().Be(new ProxiesStatus { Connected = 2, Acked = 2 });
        ReplicaStatusLeases.PolicyKeys(lease).Should().Equal("shop/mesh");
    }

    [Fact]
    public void A_remote_rejection_makes_the_policy_not_programmed_with_that_rejection()
    {
        var rejection = new ProxyRejection { Proxy = "client", Type = "Cluster", Message = "bad", Field = "spec.services[0]" };
        var others = new[] { new ReplicaProxySummary { Generation = 2, Connected = 1, Nacked = 1, Rejection = rejection } };

        var merged = ReplicaStatusLeases.Merge(NoLocalProxies, Published, 2, true, others);

        merged.Reason.Should().Be(ConditionReasons.ProxyRejected);
        merged.LastRejection.Should().Be(rejection);
    }

    [Fact]
    public void Stale_leases_its_own_lease_and_other_generations_are_ignored()
    {
        var summary = new Dictionary<string, ReplicaProxySummary> { ["shop/mesh"] = new() { Generation = 2, Connected = 1 } };
        var stale = ReplicaStatusLeases.Build("mesh-system", "dead-replica", summary, Now.AddMinutes(-5));
        var own = ReplicaStatusLeases.Build("mesh-system", "replica-a", summary, Now);

        ReplicaStatusLeases.OthersFor([stale, own], "replica-a", "shop/mesh", Now).Should().BeEmpty();
        ReplicaStatusLeases.Merge(NoLocalProxies, Published, 2, true, [new ReplicaProxySummary { Generation = 1, Connected = 1 }])
            .Should().BeSameAs(NoLocalProxies, "counts about another generation say nothing about this one");
    }

    [Fact]
    public void Lease_names_are_stable_per_identity_and_valid_object_names()
    {
        var name = ReplicaStatusLeases.NameFor("mesh-operator-7d9f8c6b5-x2x4z_0123456789abcdef0123456789abcdef");

        name.Should().Be(ReplicaStatusLeases.NameFor("mesh-operator-7d9f8c6b5-x2x4z_0123456789abcdef0123456789abcdef"));
        name.Should().MatchRegex("^[a-z0-9-]{1,63}$");
    }
}
