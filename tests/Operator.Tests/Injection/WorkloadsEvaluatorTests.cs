using Mesh.Operator.Entities;
using Mesh.Operator.Injection;
using static Mesh.Operator.Tests.Injection.WorkloadPods;

namespace Mesh.Operator.Tests.Injection;

public sealed class WorkloadsEvaluatorTests
{
    private static readonly MeshPolicy Shop = Policy("shop", new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc));
    private static readonly string Current = HashOf(Shop);

    private static WorkloadsReport Evaluate(params k8s.Models.V1Pod[] pods) =>
        WorkloadsEvaluator.Evaluate(new WorkloadsInput { Policy = Shop, NamespacePolicies = [Shop], Pods = pods, CurrentHash = Current });

    [Fact]
    public void Every_pod_on_the_current_template_is_UpToDate()
    {
        var report = Evaluate(Pod("a", Current), Pod("b", Current));
        report.Status.Should().Be(ConditionStatus.True);
        report.Reason.Should().Be(ConditionReasons.UpToDate);
        report.Message.Should().Contain("2 of 2");
        report.Counts.Should().Be(new WorkloadsStatus { Selected = 2, Injected = 2, UpToDate = 2 });
        report.NeedRestart.Should().BeEmpty();
    }

    [Fact]
    public void No_selected_pod_is_NoWorkloads()
    {
        var report = Evaluate(Pod("done", Current, terminating: true));
        report.Status.Should().Be(ConditionStatus.True);
        report.Reason.Should().Be(ConditionReasons.NoWorkloads);
        report.Counts.Selected.Should().Be(0);
    }

    [Fact]
    public void A_pod_without_a_sidecar_is_SidecarMissing_and_named()
    {
        var report = Evaluate(Pod("a", Current), Pod("bare"));
        report.Status.Should().Be(ConditionStatus.False);
        report.Reason.Should().Be(ConditionReasons.SidecarMissing);
        report.Message.Should().Contain("shop/bare").And.Contain("restart");
        report.Counts.Should().Be(new WorkloadsStatus { Selected = 2, Injected = 1, UpToDate = 1 });
        report.NeedRestart.Select(p => p.Metadata.Name).Should().Equal("bare");
    }

    [Fact]
    public void An_older_template_is_SidecarOutdated_with_the_first_three_names_and_a_count()
    {
        var report = Evaluate(Pod("a", "old"), Pod("b", "old"), Pod("c", "old"), Pod("d", "old"), Pod("e", "old"), Pod("f", Current));
        report.Reason.Should().Be(ConditionReasons.SidecarOutdated);
        report.Message.Should().Contain("5 of 6").And.Contain("shop/a, shop/b, shop/c and 2 more").And.NotContain("shop/d");
        report.Counts.UpToDate.Should().Be(1);
        report.NeedRestart.Should().HaveCount(5);
    }

    [Fact]
    public void A_pod_injected_by_another_policy_is_outdated_for_this_one()
    {
        Evaluate(Pod("a", Current, policy: "previous-name")).Reason.Should().Be(ConditionReasons.SidecarOutdated);
    }

    [Fact]
    public void Missing_wins_over_outdated_and_both_are_named()
    {
        var report = Evaluate(Pod("old", "x"), Pod("bare"));
        report.Reason.Should().Be(ConditionReasons.SidecarMissing);
        report.Message.Should().Contain("shop/bare").And.Contain("shop/old");
    }

    [Fact]
    public void A_pod_that_cannot_get_a_sidecar_is_named_with_the_reason_and_never_restarted()
    {
        var report = Evaluate(Pod("legacy", port: 15006));
        report.Reason.Should().Be(ConditionReasons.SidecarMissing);
        report.Message.Should().Contain("cannot get a sidecar").And.Contain("15006");
        report.NeedRestart.Should().BeEmpty();
    }

    [Fact]
    public void Opted_out_pods_do_not_hold_the_condition_back_but_are_mentioned()
    {
        var report = Evaluate(Pod("a", Current), Pod("debug", optOut: true));
        report.Status.Should().Be(ConditionStatus.True);
        report.Message.Should().Contain("opted out").And.Contain("shop/debug");
    }

    [Fact]
    public void Pods_lost_to_an_older_policy_get_a_reason_of_their_own_naming_it()
    {
        var older = Policy("everything", new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc));
        var newer = Policy("reviews-only", new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc), new Dictionary<string, string> { ["app"] = "reviews" });
        var report = WorkloadsEvaluator.Evaluate(new WorkloadsInput
        {
            Policy = newer,
            NamespacePolicies = [older, newer],
            Pods = [Pod("r1", HashOf(older), policy: "everything")],
            CurrentHash = HashOf(newer),
        });
        report.Status.Should().Be(ConditionStatus.False);
        report.Reason.Should().Be(ConditionReasons.SelectedByOlderPolicy);
        report.Message.Should().Contain("everything").And.Contain("shop/r1").And.Contain("spec.workloads.selector");
        report.NeedRestart.Should().BeEmpty("restarting would give it the older policy's sidecar again");

        var olderReport = WorkloadsEvaluator.Evaluate(new WorkloadsInput { Policy = older, NamespacePolicies = [older, newer], Pods = [Pod("r1", HashOf(older), policy: "everything")], CurrentHash = HashOf(older) });
        olderReport.Reason.Should().Be(ConditionReasons.UpToDate);
    }

    [Fact]
    public void Pods_the_selector_does_not_select_are_not_counted()
    {
        var selective = Policy("shop", new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc), new Dictionary<string, string> { ["mesh.dev/member"] = "true" });
        var report = WorkloadsEvaluator.Evaluate(new WorkloadsInput { Policy = selective, NamespacePolicies = [selective], Pods = [Pod("bare")], CurrentHash = HashOf(selective) });
        report.Reason.Should().Be(ConditionReasons.NoWorkloads);
    }
}
