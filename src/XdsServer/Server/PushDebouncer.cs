namespace Mesh.XdsServer.Server;

/// <summary>
/// Merges bursts of snapshot changes into one push: each change restarts a quiet-period timer, but a push is never
/// delayed more than the maximum since the first unpushed change (so constant churn cannot starve a stream). A minimum
/// interval between pushes bounds how often constant churn pushes: a change after a quiet time goes out after the short
/// quiet period, changes arriving faster are merged into one push per interval.
/// </summary>
internal sealed class PushDebouncer : IDisposable
{
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _debounce;
    private readonly TimeSpan _maxDelay;
    private readonly TimeSpan _minInterval;
    private long? _lastPush;
    private readonly Action<long> _fire;
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private long _ticket;
    private long? _firstPending;
    private bool _disposed;

    public PushDebouncer(TimeProvider timeProvider, TimeSpan debounce, TimeSpan maxDelay, Action<long> fire, TimeSpan minInterval = default)
    {
        _timeProvider = timeProvider;
        _debounce = debounce;
        _maxDelay = maxDelay < debounce ? debounce : maxDelay;
        _minInterval = minInterval;
        _fire = fire;
    }

    /// <summary>Records a change; <c>fire</c> is called with a ticket once the stream should push.</summary>
    public void Signal()
    {
        long fireNow;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            var now = _timeProvider.GetTimestamp();
            _firstPending ??= now;
            var wait = _debounce;
            if (_lastPush is { } last && _minInterval - _timeProvider.GetElapsedTime(last, now) is var intervalLeft && intervalLeft > wait)
            {
                wait = intervalLeft;
            }

            var left = _maxDelay - _timeProvider.GetElapsedTime(_firstPending.Value, now);
            if (left < wait)
            {
                wait = left;
            }

            var ticket = ++_ticket;
            if (wait > TimeSpan.Zero)
            {
                _timer ??= _timeProvider.CreateTimer(static s => ((PushDebouncer)s!).OnTimer(), this,
                    Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _timer.Change(wait, Timeout.InfiniteTimeSpan);
                return;
            }

            fireNow = ticket;
        }

        _fire(fireNow);
    }

    /// <summary>True if <paramref name="ticket"/> is the latest; the pending changes then count as pushed.</summary>
    public bool TryConsume(long ticket)
    {
        lock (_lock)
        {
            if (ticket != _ticket || _firstPending is null)
            {
                return false;
            }

            _firstPending = null;
            _lastPush = _timeProvider.GetTimestamp();
            return true;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _timer?.Dispose();
        }
    }

    private void OnTimer()
    {
        long ticket;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            ticket = _ticket;
        }

        _fire(ticket);
    }
}
