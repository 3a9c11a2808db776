using Mesh.Operator.Certificates;
using Mesh.Operator.Entities;
using static Mesh.Operator.Tests.Certificates.CaTestKit;

namespace Mesh.Operator.Tests.Certificates;

/// <summary>
/// A root whose rotation or activation cannot happen must show in the MeshPolicy's status, with the expiry time,
/// before it expires; a root on schedule says nothing.
/// </summary>
public sealed class RootCaExpiryTests
{
    private static readonly BuiltInCaOptions Short = Options with
    {
        RootValidity = TimeSpan.FromDays(10),
        RootRotateBefore = TimeSpan.FromDays(3),
        RootActivationDelay = TimeSpan.FromHours(1),
    };

    private static readonly DateTimeOffset RotateAt = T0 + TimeSpan.FromDays(7);

    [Fact]
    public void A_root_on_schedule_says_nothing_and_is_looked_at_again_when_its_rotation_would_be_overdue()
    {
        using var root = Load(NewRoot(T0, Short));

        RootCaExpiry.Evaluate(root, T0, Short).Should().BeNull();
        RootCaExpiry.Evaluate(root, RotateAt + RootCaExpiry.Overdue - TimeSpan.FromSeconds(1), Short).Should().BeNull("a leader acting a little late is not news");
        RootCaExpiry.NextCheck(root, T0, Short).Should().Be(RotateAt + RootCaExpiry.Overdue);
    }

    [Fact]
    public void A_rotation_that_did_not_happen_is_reported_with_the_expiry_time_before_the_expiry()
    {
        using var root = Load(NewRoot(T0, Short));
        var now = RotateAt + RootCaExpiry.Overdue;

        var condition = RootCaExpiry.Evaluate(root, now, Short);

        condition.Should().NotBeNull();
        condition!.Status.Should().Be(ConditionStatus.False);
        condition.Reason.Should().Be(ConditionReasons.IssuanceFailed);
        condition.Message.Should().Contain("expires at 2026-12-05T12:00:00Z")
            .And.Contain("staging a successor root in the trust bundle, due at 2026-12-02T12:00:00Z, has not happened")
            .And.Contain("Secret mesh-system/mesh-root-ca");
        RootCaExpiry.NextCheck(root, now, Short).Should().Be(T0 + Short.RootValidity, "the next change is the expiry itself");
    }

    [Fact]
    public void An_activation_that_did_not_happen_is_reported_too()
    {
        var staged = Advance(NewRoot(T0, Short), RotateAt, Short);
        using var root = Load(staged);
        root.Next.Should().NotBeNull();
        var due = RotateAt + Short.RootActivationDelay;

        RootCaExpiry.Evaluate(root, RotateAt + TimeSpan.FromMinutes(1), Short).Should().BeNull("the successor is staged, activation is not due yet");
        RootCaExpiry.NextCheck(root, RotateAt, Short).Should().Be(due + RootCaExpiry.Overdue);
        RootCaExpiry.Evaluate(root, due + RootCaExpiry.Overdue, Short)!.Message
            .Should().Contain($"activating the staged root {root.Next!.Subject}, due at 2026-12-02T13:00:00Z, has not happened")
            .And.Contain("expires at 2026-12-05T12:00:00Z");
    }

    [Fact]
    public void An_activated_successor_is_on_schedule_again()
    {
        var activated = Advance(Advance(NewRoot(T0, Short), RotateAt, Short), RotateAt + Short.RootActivationDelay, Short);
        using var root = Load(activated);

        root.Next.Should().BeNull();
        RootCaExpiry.Evaluate(root, RotateAt + TimeSpan.FromDays(1), Short).Should().BeNull("the new signer is valid for ten days");
    }

    [Fact]
    public void An_expired_root_says_so()
    {
        using var root = Load(NewRoot(T0, Short));

        var condition = RootCaExpiry.Evaluate(root, T0 + Short.RootValidity, Short);

        condition!.Message.Should().Contain("expired at 2026-12-05T12:00:00Z").And.Contain("no longer trusted");
        RootCaExpiry.NextCheck(root, T0 + Short.RootValidity, Short).Should().BeNull();
    }
}
