namespace Mesh.XdsServer.Server;

/// <summary>
/// Merges bursts of snapshot changes into one push: each change restarts a quiet-period timer, but a push is never
/// delayed more than the maximum since the first unpushed change (so constant churn cannot starve a stream).
/// </summary>
internal sealed class PushDebouncer : IDisposable
{
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _debounce;
    private readonly TimeSpan _maxDelay;
    private readonly Action<long> _fire;
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private long _ticket;
    private long? _firstPending;
    private bool _disposed;

    public PushDebouncer(TimeProvider timeProvider, TimeSpan debounce, TimeSpan maxDelay, Action<long> fire)
    {
        _timeProvider = timeProvider;
        _debounce = debounce;
        _maxDelay = maxDelay < debounce ? debounce : maxDelay;
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
