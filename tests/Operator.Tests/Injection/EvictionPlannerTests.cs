using Mesh.Operator.Injection;
using static Mesh.Operator.Tests.Injection.WorkloadPods;

namespace Mesh.Operator.Tests.Injection;

public sealed class EvictionPlannerTests
{
    private static readonly Mesh.Operator.Entities.MeshPolicy Shop = Policy("shop", new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc));
    private static readonly string Current = HashOf(Shop);

    private static EvictionDecision Decide(bool restart, params k8s.Models.V1Pod[] pods) =>
        EvictionPlanner.Decide(WorkloadsEvaluator.Evaluate(new WorkloadsInput { Policy = Shop, NamespacePolicies = [Shop], Pods = pods, CurrentHash = Current }), restart, Now);

    [Fact]
    public void Without_restartOnChange_nothing_is_evicted()
    {
        Decide(false, Pod("old", "x")).Should().Be(EvictionDecision.Nothing);
    }

    [Fact]
    public void One_outdated_pod_is_evicted_first_by_name()
    {
        Decide(true, Pod("b", "x"), Pod("a", "x"), Pod("c", Current)).Evict!.Metadata.Name.Should().Be("a");
    }

    [Fact]
    public void Nothing_is_evicted_while_an_eviction_is_in_flight()
    {
        var decision = Decide(true, Pod("a", "x"), Pod("gone", "x", terminating: true));
        decision.Evict.Should().BeNull();
        decision.Waiting.Should().Contain("shop/gone").And.Contain("terminate");
    }

    [Fact]
    public void Nothing_is_evicted_while_another_pod_is_not_ready_the_replacement_comes_up_first()
    {
        var decision = Decide(true, Pod("a", "x"), Pod("replacement", Current, ready: false));
        decision.Evict.Should().BeNull();
        decision.Waiting.Should().Contain("shop/replacement").And.Contain("Ready");
    }

    [Fact]
    public void An_unready_pod_that_itself_needs_a_restart_is_evicted_first()
    {
        Decide(true, Pod("a", "x"), Pod("stuck", "x", ready: false)).Evict!.Metadata.Name.Should().Be("stuck");
    }

    [Fact]
    public void A_pod_no_controller_would_recreate_is_never_evicted()
    {
        var decision = Decide(true, Pod("bare", "x", owner: null));
        decision.Evict.Should().BeNull();
        decision.Waiting.Should().Contain("controller");
        Decide(true, Pod("by-hand", "x", owner: "ConfigMap")).Evict.Should().BeNull();
    }

    [Theory]
    [InlineData("ReplicaSet")]
    [InlineData("StatefulSet")]
    [InlineData("DaemonSet")]
    [InlineData("Job")]
    public void Pods_of_a_workload_controller_are_evicted(string kind)
    {
        Decide(true, Pod("a", "x", owner: kind)).Evict.Should().NotBeNull();
    }

    [Fact]
    public void A_young_pod_without_a_sidecar_waits_out_the_grace_period_then_is_evicted()
    {
        var young = Pod("bare", created: Now.UtcDateTime.AddSeconds(-5));
        var waiting = Decide(true, young);
        waiting.Evict.Should().BeNull();
        waiting.RecheckAt.Should().Be(Now.AddSeconds(-5) + EvictionPlanner.MissingSidecarGrace);
        Decide(true, Pod("bare", created: Now.UtcDateTime.AddMinutes(-5))).Evict!.Metadata.Name.Should().Be("bare");
    }

    [Fact]
    public void Blocked_and_opted_out_pods_are_never_evicted()
    {
        Decide(true, Pod("legacy", port: 15001), Pod("debug", optOut: true)).Should().Be(EvictionDecision.Nothing);
    }
}
