using Mesh.Operator.Status;
using Mesh.Operator.Entities;
using Mesh.Operator.Hosting;
using Mesh.Operator.Planning;
using Mesh.Operator.Publishing;
using Mesh.Operator.Reconciliation;

namespace Mesh.Operator.Tests.Injection;

/// <summary>WorkloadsReady in the status: Ready requires it, status.workloads carries its counts; and the webhook's flags.</summary>
public sealed class WorkloadsStatusTests
{
    private static readonly StepOutcome Fine = new(ConditionStatus.True, ConditionReasons.Issued, "ok");
    private static readonly ProgrammedState Acked = new() { Status = ConditionStatus.True, Reason = ConditionReasons.AllProxiesAcked, Message = "ok" };
    private static readonly MeshPlan Plan = new() { Namespace = "shop", PolicyName = "shop", Generation = 2 };

    private static MeshPolicyStatus Build(WorkloadsOutcome workloads) =>
        StatusBuilder.Build(
            null,
            Plan,
            [
                new StepResult(ConditionTypes.CertificatesReady, Fine),
                new StepResult(ConditionTypes.WorkloadsReady, workloads.Condition with { Workloads = workloads.Counts }),
                new StepResult(ConditionTypes.NetworkPoliciesReady, Fine),
            ],
            Acked,
            new DateTime(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc));

    [Fact]
    public void Ready_waits_for_WorkloadsReady_and_says_why()
    {
        var status = Build(new WorkloadsOutcome(new StepOutcome(ConditionStatus.False, ConditionReasons.SidecarOutdated, "1 of 2 pod(s) run an older sidecar template; restart them: shop/a."),
            new WorkloadsStatus { Selected = 2, Injected = 2, UpToDate = 1 }));
        var ready = status.Conditions!.Single(c => c.Type == ConditionTypes.Ready);
        ready.Status.Should().Be(ConditionStatus.False);
        ready.Reason.Should().Be(ConditionReasons.WorkloadsNotReady);
        ready.Message.Should().Contain("shop/a");
        var workloads = status.Conditions!.Single(c => c.Type == ConditionTypes.WorkloadsReady);
        (workloads.Status, workloads.Reason, workloads.ObservedGeneration).Should().Be((ConditionStatus.False, ConditionReasons.SidecarOutdated, 2));
        status.Workloads.Should().Be(new WorkloadsStatus { Selected = 2, Injected = 2, UpToDate = 1 });
    }

    [Fact]
    public void Ready_holds_when_every_pod_runs_the_current_sidecar()
    {
        var status = Build(new WorkloadsOutcome(new StepOutcome(ConditionStatus.True, ConditionReasons.UpToDate, "2 of 2"), new WorkloadsStatus { Selected = 2, Injected = 2, UpToDate = 2 }));
        status.Conditions!.Single(c => c.Type == ConditionTypes.Ready).Status.Should().Be(ConditionStatus.True);
        status.Conditions!.Select(c => c.Type).Should().Equal(ConditionTypes.All, "conditions are reported in the documented order");
    }

    [Fact]
    public void The_webhook_port_and_certificate_folder_are_read_from_the_command_line()
    {
        var command = CommandLine.Parse(["--webhook-port", "8443", "--webhook-cert-dir", "/certs"]);
        command.Errors.Should().BeEmpty();
        (command.WebhookPort, command.WebhookCertDir).Should().Be((8443, "/certs"));
        CommandLine.Parse(["--webhook-port", "x"]).Errors.Should().ContainSingle().Which.Should().Contain("--webhook-port");
    }
}
