using Mesh.Operator.Certificates;
using static Mesh.Operator.Tests.Certificates.CaTestKit;

namespace Mesh.Operator.Tests.Certificates;

public sealed class RootCaNextCheckTests
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
}
