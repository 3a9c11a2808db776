namespace Mesh.EndToEnd.Tests.Chaos;

/// <summary>
/// The system clock plus an offset a test can jump forward. Unlike a fully fake clock, time keeps flowing (informer
/// retries, rate limiters and leases behave as in production), and a jump fires every timer whose due time it passes
/// (a requeue "in 16 hours" fires when the clock is moved 16 hours). Monotonic timestamps are the system's: elapsed
/// times measured across a jump stay real.
/// </summary>
internal sealed class ShiftedClock : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly HashSet<ShiftedTimer> _timers = [];
    private TimeSpan _offset;

    public ShiftedClock(DateTimeOffset start) => _offset = start - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return System.GetUtcNow() + _offset;
        }
    }

    /// <summary>Moves the clock forward; timers due by the new time fire now, the others are rescheduled.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        ShiftedTimer[] timers;
        lock (_gate)
        {
            _offset += by;
            timers = [.. _timers];
        }

        foreach (var timer in timers)
        {
            timer.Reschedule();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ShiftedTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    private void Forget(ShiftedTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    /// <summary>A system timer that remembers its due time on the shifted clock, so a jump can bring it forward.</summary>
    private sealed class ShiftedTimer : ITimer
    {
        private readonly ShiftedClock _clock;
        private readonly ITimer _inner;
        private readonly Lock _gate = new();
        private DateTimeOffset? _due;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public ShiftedTimer(ShiftedClock clock, TimerCallback callback, object? state)
        {
            _clock = clock;
            _inner = System.CreateTimer(_ =>
            {
                lock (_gate)
                {
                    _due = _period == Timeout.InfiniteTimeSpan ? null : _clock.GetUtcNow() + _period;
                }

                callback(state);
            }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                _due = dueTime == Timeout.InfiniteTimeSpan ? null : _clock.GetUtcNow() + dueTime;
                _period = period;
                return _inner.Change(dueTime, period);
            }
        }

        public void Reschedule()
        {
            lock (_gate)
            {
                if (_due is not { } due)
                {
                    return;
                }

                var left = due - _clock.GetUtcNow();
                _inner.Change(left < TimeSpan.Zero ? TimeSpan.Zero : left, _period);
            }
        }

        public void Dispose()
        {
            _clock.Forget(this);
            _inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
