using Mesh.Operator.Status;
using Mesh.Operator.Entities;
using Mesh.Operator.Planning;
using Mesh.Operator.Publishing;
using Mesh.Operator.Reconciliation;

namespace Mesh.Operator.Tests.Status;

public sealed class StatusBuilderTests
{
    private static readonly DateTime Now = new(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc);
    private static readonly MeshPlan Plan = new() { Namespace = "shop", PolicyName = "mesh", Generation = 4, SelectedPods = ["a", "b"] };
    private static readonly ProgrammedState Programmed = new() { Status = ConditionStatus.True, Reason = ConditionReasons.AllProxiesAcked, Message = "1/1 proxies ACKed generation 4.", Proxies = new ProxiesStatus { Connected = 1, Acked = 1 } };

    private static StepResult Step(string type, string status = ConditionStatus.True, string reason = "Done", string message = "ok.") =>
        new(type, new StepOutcome(status, reason, message));

    [Fact]
    public void Conditions_come_in_order_accepted_then_each_step_then_programmed_then_ready()
    {
        var status = StatusBuilder.Build(null, Plan, [Step(ConditionTypes.CertificatesReady), Step(ConditionTypes.WorkloadsReady), Step(ConditionTypes.NetworkPoliciesReady)], Programmed, Now);

        status.Conditions!.Select(c => c.Type).Should().Equal(
            ConditionTypes.Accepted, ConditionTypes.CertificatesReady, ConditionTypes.WorkloadsReady, ConditionTypes.NetworkPoliciesReady, ConditionTypes.Programmed, ConditionTypes.Ready);
        status.Conditions!.Should().OnlyContain(c => c.ObservedGeneration == 4 && c.LastTransitionTime == Now);
        status.Conditions!.Last().Status.Should().Be(ConditionStatus.True);
        status.ObservedGeneration.Should().Be(4);
        status.Proxies.Should().Be(Programmed.Proxies);
        status.Workloads!.Selected.Should().Be(2);
    }

    [Fact]
    public void Ready_names_the_first_condition_that_is_not_true_with_its_reason()
    {
        var status = StatusBuilder.Build(null, Plan, [Step(ConditionTypes.CertificatesReady), Step(ConditionTypes.WorkloadsReady, ConditionStatus.False, "SidecarMissing", "2 pods have no sidecar.")], Programmed, Now);

        var ready = status.Conditions!.Single(c => c.Type == ConditionTypes.Ready);
        ready.Status.Should().Be(ConditionStatus.False);
        ready.Reason.Should().Be(ConditionReasons.WorkloadsNotReady);
        ready.Message.Should().Be("WorkloadsReady is False: 2 pods have no sidecar.");
    }

    [Fact]
    public void A_step_without_its_own_reason_constant_gets_a_not_ready_reason_by_convention()
    {
        var status = StatusBuilder.Build(null, Plan, [Step("BootstrapReady", ConditionStatus.False, "Pending", "writing.")], Programmed, Now);

        status.Conditions!.Single(c => c.Type == ConditionTypes.Ready).Reason.Should().Be("BootstrapNotReady");
    }

    [Fact]
    public void Last_transition_time_moves_only_when_a_conditions_status_changes()
    {
        var first = StatusBuilder.Build(null, Plan, [Step(ConditionTypes.CertificatesReady)], Programmed, Now);
        var later = Now.AddMinutes(5);

        var same = StatusBuilder.Build(first, Plan, [Step(ConditionTypes.CertificatesReady, message: "other words.")], Programmed, later);
        var changed = StatusBuilder.Build(first, Plan, [Step(ConditionTypes.CertificatesReady, ConditionStatus.False, "Pending", "issuing.")], Programmed, later);

        same.Conditions!.Single(c => c.Type == ConditionTypes.CertificatesReady).LastTransitionTime.Should().Be(Now);
        changed.Conditions!.Single(c => c.Type == ConditionTypes.CertificatesReady).LastTransitionTime.Should().Be(later);
        changed.Conditions!.Single(c => c.Type == ConditionTypes.Ready).LastTransitionTime.Should().Be(later);
    }

    [Fact]
    public void Plan_errors_make_accepted_false_with_the_most_specific_reason_and_keep_the_last_rejection()
    {
        var plan = Plan with { Problems = [new PlanProblem("spec.services[0]", "Service x does not exist", ConditionReasons.ReferenceNotFound, ProblemSeverity.Error)] };
        var rejection = new ProxyRejection { Proxy = "p", Type = "Cluster", Message = "bad" };
        var current = new MeshPolicyStatus { LastRejection = rejection };

        var status = StatusBuilder.Build(current, plan, [], Programmed, Now);

        var accepted = status.Conditions!.Single(c => c.Type == ConditionTypes.Accepted);
        (accepted.Status, accepted.Reason).Should().Be((ConditionStatus.False, ConditionReasons.ReferenceNotFound));
        accepted.Message.Should().Contain("spec.services[0]").And.Contain("keep the last accepted config");
        status.LastRejection.Should().Be(rejection, "a rejection stays on record until a newer one replaces it");
    }
}
