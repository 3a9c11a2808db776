using Mesh.Operator.Entities;
using Mesh.Operator.Status;

namespace Mesh.Operator.Tests.Status;

/// <summary>After a restart, a status that only counts the reconnecting proxies down (and the conditions that follow) is
/// held for the grace window; anything else is written at once.</summary>
public sealed class ReconnectGraceTests
{
    private static readonly DateTime At = new(2026, 12, 3, 18, 0, 0, DateTimeKind.Utc);

    private static Condition Condition(string type, string status, string reason) =>
        new() { Type = type, Status = status, Reason = reason, Message = reason, LastTransitionTime = At, ObservedGeneration = 3 };

    private static MeshPolicyStatus Status(int connected, int acked, string programmed = ConditionReasons.AllProxiesAcked, string certificates = "Issued", int nacked = 0) => new()
    {
        ObservedGeneration = 3,
        Conditions =
        [
            Condition(ConditionTypes.Accepted, ConditionStatus.True, "Accepted"),
            Condition(ConditionTypes.CertificatesReady, ConditionStatus.True, certificates),
            Condition(ConditionTypes.Programmed, programmed == ConditionReasons.AllProxiesAcked ? ConditionStatus.True : ConditionStatus.False, programmed),
            Condition(ConditionTypes.Ready, programmed == ConditionReasons.AllProxiesAcked ? ConditionStatus.True : ConditionStatus.False, programmed),
        ],
        Proxies = new ProxiesStatus { Connected = connected, Acked = acked, Nacked = nacked },
        Workloads = new WorkloadsStatus { Selected = 20, Injected = 20, UpToDate = 20 },
    };

    [Fact]
    public void Proxies_counted_down_right_after_start_are_held()
    {
        ReconnectGrace.Hold(Status(200, 200), Status(0, 0, "NoProxies"), windowOpen: true).Should().BeTrue();
        ReconnectGrace.Hold(Status(200, 200), Status(16, 0, "ProxiesPending"), windowOpen: true).Should().BeTrue();
    }

    [Fact]
    public void After_the_window_the_truth_is_written()
    {
        ReconnectGrace.Hold(Status(200, 200), Status(150, 150, "ProxiesPending"), windowOpen: false).Should().BeFalse();
    }

    [Fact]
    public void More_proxies_a_nack_a_new_generation_or_another_condition_are_written_at_once()
    {
        ReconnectGrace.Hold(Status(10, 10), Status(11, 10, "ProxiesPending"), windowOpen: true).Should().BeFalse("more proxies is news");
        ReconnectGrace.Hold(Status(200, 200), Status(200, 199, "ProxiesRejected", nacked: 1), windowOpen: true).Should().BeFalse("a NACK is news");
        ReconnectGrace.Hold(Status(200, 200), Status(0, 0, "NoProxies", certificates: "Failed"), windowOpen: true).Should().BeFalse("a step's condition changed");
        ReconnectGrace.Hold(Status(200, 200), Status(0, 0, "NoProxies") with { ObservedGeneration = 4 }, windowOpen: true).Should().BeFalse("a new generation");
        ReconnectGrace.Hold(null, Status(0, 0, "NoProxies"), windowOpen: true).Should().BeFalse("nothing recorded yet");
        ReconnectGrace.Hold(Status(200, 200) with { Proxies = null }, Status(0, 0, "NoProxies"), windowOpen: true).Should().BeFalse();
    }
}
