using Mesh.Operator.Status;
using Mesh.Testing;

namespace Mesh.Operator.Tests.Status;

/// <summary>The hold window after a restart is sized to the fleet: at least the grace, longer while proxies keep coming
/// back, closed after a quiet spell or at the maximum, and never reopened.</summary>
public sealed class ReconnectWindowTests
{
    private readonly ManualTimeProvider _time = new();

    private ReconnectWindow Window() => new(_time)
    {
        Grace = TimeSpan.FromSeconds(30),
        Quiet = TimeSpan.FromSeconds(10),
        Max = TimeSpan.FromMinutes(3),
    };

    [Fact]
    public void A_small_fleet_back_at_once_gets_the_grace_and_no_more()
    {
        var window = Window();
        window.Observe(200);
        _time.Advance(TimeSpan.FromSeconds(5));
        window.Observe(200);

        window.Remaining().Should().Be(TimeSpan.FromSeconds(25));
        _time.Advance(TimeSpan.FromSeconds(25));
        window.Remaining().Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void A_fleet_still_coming_back_keeps_the_window_open_past_the_grace_until_a_quiet_spell()
    {
        var window = Window();
        for (var second = 0; second <= 40; second += 2)
        {
            window.Observe(second * 50);
            _time.Advance(TimeSpan.FromSeconds(2));
        }

        // 42 s after start, the last proxy came back 2 s ago: open for the rest of the quiet spell.
        window.Remaining().Should().Be(TimeSpan.FromSeconds(8));
        _time.Advance(TimeSpan.FromSeconds(8));
        window.Remaining().Should().Be(TimeSpan.Zero);

        window.Observe(5000);
        window.Remaining().Should().Be(TimeSpan.Zero, "closed is closed: later proxies are a scale-up");
    }

    [Fact]
    public void The_window_closes_at_the_maximum_however_the_fleet_trickles_in()
    {
        var window = Window();
        for (var i = 1; i <= 200; i++)
        {
            window.Observe(i);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        window.Remaining().Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void With_no_proxy_back_the_window_closes_at_the_grace()
    {
        var window = new ReconnectWindow(_time) { Grace = TimeSpan.Zero };
        window.Observe(0);
        window.Remaining().Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void Before_the_first_reconcile_the_whole_grace_is_ahead()
    {
        Window().Remaining().Should().Be(TimeSpan.FromSeconds(30));
    }
}
