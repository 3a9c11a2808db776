namespace Mesh.Operator.Status;

/// <summary>
/// How long after start a status that counts fewer proxies is held (<see cref="ReconnectGrace"/>), sized to the fleet:
/// at least <see cref="Grace"/>, and longer while proxies are still coming back (2,000 sidecars took 35-40 s to
/// reconnect on a 2-core machine, past a fixed 30 s window: every policy then wrote its counts step by step on the way
/// up). The window closes once no more proxies came back for <see cref="Quiet"/>, and at <see cref="Max"/> whatever
/// happens, so a fleet that never returns is reported as it is.
/// </summary>
public sealed class ReconnectWindow(TimeProvider time)
{
    private readonly Lock _gate = new();
    private long _started;
    private long _lastRise;
    private int _most;
    private bool _closed;

    /// <summary>The least the window stays open after the first reconcile.</summary>
    public TimeSpan Grace { get; init; } = ReconnectGrace.Default;

    /// <summary>After <see cref="Grace"/>, the window stays open until no proxy came back for this long.</summary>
    public TimeSpan Quiet { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The window never stays open longer than this after the first reconcile.</summary>
    public TimeSpan Max { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Records how far the fleet is back (connected proxies plus synced ones: any rise is progress); the first
    /// call starts the window.</summary>
    public void Observe(int progress)
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            if (_started == 0)
            {
                _started = now;
            }
            if (progress > _most)
            {
                _most = progress;
                _lastRise = now;
            }
        }
    }

    /// <summary>How long the window stays open from now if nothing else comes back; zero once it is closed.</summary>
    public TimeSpan Remaining()
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            if (_started == 0)
            {
                return Grace;
            }
            if (_closed)
            {
                return TimeSpan.Zero;
            }
            var sinceStart = time.GetElapsedTime(_started, now);
            if (sinceStart >= Max)
            {
                _closed = true;
                return TimeSpan.Zero;
            }
            var untilGrace = Grace - sinceStart;
            // Only proxies that came back extend the window: with none connected it closes at the grace.
            var untilQuiet = _lastRise == 0 ? TimeSpan.Zero : Quiet - time.GetElapsedTime(_lastRise, now);
            var open = untilGrace > untilQuiet ? untilGrace : untilQuiet;
            var cap = Max - sinceStart;
            // Once closed it stays closed: proxies that come later are a scale-up, not the fleet coming back.
            _closed = open <= TimeSpan.Zero;
            return _closed ? TimeSpan.Zero : open < cap ? open : cap;
        }
    }
}
