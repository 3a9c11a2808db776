using Mesh.Operator.Status;
using Mesh.Operator.Entities;
using Mesh.Operator.Hosting;

namespace Mesh.Operator.Tests.Status;

public sealed class ConditionsTests
{
    private static readonly DateTime T0 = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    private static Condition Accepted(string status, DateTime at, long generation = 1) => new()
    {
        Type = ConditionTypes.Accepted,
        Status = status,
        Reason = status == ConditionStatus.True ? ConditionReasons.Valid : ConditionReasons.Invalid,
        Message = "m",
        ObservedGeneration = generation,
        LastTransitionTime = at,
    };

    [Fact]
    public void The_transition_time_stays_when_the_status_stays()
    {
        var set = Conditions.Set([Accepted(ConditionStatus.True, T0)], Accepted(ConditionStatus.True, T0.AddHours(1), generation: 2));

        set.Single().LastTransitionTime.Should().Be(T0);
        set.Single().ObservedGeneration.Should().Be(2);
    }

    [Fact]
    public void The_transition_time_moves_when_the_status_changes()
    {
        var set = Conditions.Set([Accepted(ConditionStatus.True, T0)], Accepted(ConditionStatus.False, T0.AddHours(1)));

        set.Single().LastTransitionTime.Should().Be(T0.AddHours(1));
    }

    [Fact]
    public void Other_conditions_are_kept_in_place()
    {
        var ready = Accepted(ConditionStatus.True, T0) with { Type = ConditionTypes.Ready, Reason = ConditionReasons.Ready };

        var set = Conditions.Set([ready], Accepted(ConditionStatus.True, T0));

        set.Select(c => c.Type).Should().Equal(ConditionTypes.Ready, ConditionTypes.Accepted);
        Conditions.Same(set, [ready, Accepted(ConditionStatus.True, T0.AddMilliseconds(300))]).Should().BeTrue("times compare to the second");
    }
}
