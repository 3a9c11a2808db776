using Mesh.Operator.Status;
using Mesh.Operator.Entities;
using Mesh.Operator.Publishing;

namespace Mesh.Operator.Tests.Publishing;

/// <summary>status.proxies.unknown: sidecars whose node id names no known pod are counted and named in the message.</summary>
public sealed class UnknownProxiesTests
{
    private static readonly ProgrammedState Acked = new()
    {
        Status = ConditionStatus.True,
        Reason = ConditionReasons.AllProxiesAcked,
        Message = "2 of 2 proxies ACKed.",
        Proxies = new ProxiesStatus { Connected = 2, Acked = 2 },
    };

    [Fact]
    public void Unknown_sidecars_are_counted_and_the_first_three_named()
    {
        var nodes = Enumerable.Range(1, 4).Select(i => $"sidecar~10.0.0.{i}~gone-{i}.shop~shop.svc.cluster.local").ToList();

        var state = ProgrammedEvaluator.WithUnknownProxies(Acked, nodes);

        state.Proxies.Unknown.Should().Be(4);
        state.Proxies.Connected.Should().Be(2, "unknown proxies receive no policy's resources");
        state.Status.Should().Be(ConditionStatus.True, "an empty config is not a rejection");
        state.Message.Should().Contain("4 connected proxy(ies)").And.Contain("gone-3.shop").And.NotContain("gone-4.shop").And.EndWith(", ....");
    }

    [Fact]
    public void Without_unknown_sidecars_the_state_is_unchanged()
    {
        ProgrammedEvaluator.WithUnknownProxies(Acked, []).Should().BeSameAs(Acked);
    }
}
