using Mesh.Operator.Certificates;
using static Mesh.Operator.Tests.Certificates.CaTestKit;

namespace Mesh.Operator.Tests.Certificates;

public sealed class ScheduleAndReadinessTests
{
    [Fact]
    public void The_root_must_be_checked_again_at_its_rotation_time()
    {
        RootCaDecider.NextCheck(NewRoot(T0), Options).Should().Be(T0.AddDays(335));
    }

    [Fact]
    public void A_staged_root_must_be_checked_again_at_its_activation_time_then_at_the_old_roots_expiry()
    {
        var rotated = Advance(NewRoot(T0), T0.AddDays(335));
        RootCaDecider.NextCheck(rotated, Options).Should().Be(T0.AddDays(335).AddHours(1));

        var activated = Advance(rotated, T0.AddDays(335).AddHours(1));
        RootCaDecider.NextCheck(activated, Options).Should().Be(T0.AddDays(365));
    }

    [Fact]
    public void An_unusable_root_secret_has_no_next_check()
    {
        RootCaDecider.NextCheck(WithData(NewRoot(T0), "tls.key", null), Options).Should().BeNull();
    }

    [Fact]
    public void Built_in_certificates_are_ready_when_every_secret_was_written()
    {
        using var ca = Load(NewRoot(T0));
        var requests = new[] { Request("ratings"), Request("reviews") };
        var kept = Issue(requests[0], ca, T0);
        var plans = new[]
        {
            WorkloadCertificateDecider.Decide(kept, requests[0], ca, T0.AddHours(1)),
            WorkloadCertificateDecider.Decide(null, requests[1], ca, T0.AddHours(1)),
        };

        var condition = BuiltInReadiness.Evaluate(requests, plans, new Dictionary<string, string>());

        condition.Status.Should().Be("True");
        condition.Reason.Should().Be("Issued");
        condition.Message.Should().Be("2 workload certificates valid (1 issued in this reconcile) by the built-in CA. Next renewal at 2026-11-26T00:00:00Z.");
    }

    [Fact]
    public void A_failed_secret_write_makes_the_condition_false_and_names_the_secret()
    {
        var requests = new[] { Request("ratings"), Request("reviews") };
        var plans = requests.Select(_ => new WorkloadCertificatePlan { Action = WorkloadCertificateAction.Issue, Reason = "NotFound", Message = "" }).ToList();

        var condition = BuiltInReadiness.Evaluate(requests, plans, new Dictionary<string, string> { ["mesh-workload-reviews"] = "forbidden" });

        condition.Status.Should().Be("False");
        condition.Reason.Should().Be("IssuanceFailed");
        condition.Message.Should().Be("Secret shop/mesh-workload-reviews could not be written: forbidden.");
    }

    [Fact]
    public void No_workloads_need_no_built_in_certificates()
    {
        BuiltInReadiness.Evaluate([], [], new Dictionary<string, string>()).Reason.Should().Be("NotRequired");
    }
}
