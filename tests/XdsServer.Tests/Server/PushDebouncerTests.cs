using FluentAssertions;
using Mesh.Testing;
using Mesh.XdsServer.Server;
using Xunit;

namespace Mesh.XdsServer.Tests.Server;

public sealed class PushDebouncerTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);
    private readonly ManualTimeProvider _clock = new();
    private readonly List<TimeSpan> _pushes = [];
    private readonly DateTimeOffset _start;

    public PushDebouncerTests() => _start = _clock.GetUtcNow();

    [Fact]
    public void A_change_after_a_quiet_time_is_pushed_after_the_quiet_period()
    {
        using var debouncer = Debouncer(minInterval: 100 * Ms);

        debouncer.Signal();
        _clock.Advance(10 * Ms);

        _pushes.Should().Equal(10 * Ms);
    }

    [Fact]
    public void Churn_faster_than_the_minimum_interval_is_pushed_once_per_interval()
    {
        using var debouncer = Debouncer(minInterval: 100 * Ms);

        // A change every 50 ms for a second: with a 10 ms quiet period alone each would be its own push.
        for (var i = 0; i < 20; i++)
        {
            debouncer.Signal();
            _clock.Advance(50 * Ms);
        }

        _pushes.Should().HaveCount(10);
        _pushes.Zip(_pushes.Skip(1), (a, b) => b - a).Should().OnlyContain(gap => gap >= 100 * Ms);
    }

    [Fact]
    public void Without_a_minimum_interval_each_change_of_that_churn_is_its_own_push()
    {
        using var debouncer = Debouncer(minInterval: TimeSpan.Zero);

        for (var i = 0; i < 20; i++)
        {
            debouncer.Signal();
            _clock.Advance(50 * Ms);
        }

        _pushes.Should().HaveCount(20);
    }

    [Fact]
    public void Constant_churn_inside_the_quiet_period_is_still_pushed_by_the_maximum_delay()
    {
        using var debouncer = Debouncer(minInterval: TimeSpan.Zero, debounce: 100 * Ms, maxDelay: 300 * Ms);

        for (var i = 0; i < 20; i++)
        {
            debouncer.Signal();
            _clock.Advance(50 * Ms);
        }

        _pushes.Should().HaveCount(3).And.OnlyContain(at => at.Ticks % (300 * Ms).Ticks == 0);
    }

    private PushDebouncer Debouncer(TimeSpan minInterval, TimeSpan? debounce = null, TimeSpan? maxDelay = null)
    {
        PushDebouncer? debouncer = null;
        debouncer = new PushDebouncer(_clock, debounce ?? 10 * Ms, maxDelay ?? TimeSpan.FromSeconds(1), ticket =>
        {
            // As the stream loop does: a push consumes the pending changes.
            if (debouncer!.TryConsume(ticket))
            {
                _pushes.Add(_clock.GetUtcNow() - _start);
            }
        }, minInterval);
        return debouncer;
    }
}
