namespace Mesh.Operator.Runtime;

/// <summary>How one controller runs.</summary>
public sealed record ControllerOptions
{
    /// <summary>Keys reconciled in parallel (never the same key twice at once).</summary>
    public int Workers { get; init; } = 2;

    /// <summary>Retry delays; null uses <see cref="MaxOfRateLimiter.Default"/> (5 ms to 5 min per key, 10/s overall).</summary>
    public IRateLimiter? RateLimiter { get; init; }

    /// <summary>
    /// True (default): the controller runs only on the leader (it writes). False: it runs on every replica as soon as the
    /// caches are synced (controller-runtime's NeedLeaderElection() == false), for work that only feeds local state,
    /// such as publishing xDS config that every replica serves.
    /// </summary>
    public bool NeedsLeaderElection { get; init; } = true;

    /// <summary>
    /// Events from channel sources (proxy connect, ACK, NACK) wake a key at most once per window: the first event
    /// schedules the reconcile, the others of the window ride along. 2,000 proxies ACKing a change one by one otherwise
    /// reconciled every policy back to back (376 reconciles for one weight edit) and held the CPU the pushes needed.
    /// Zero: every event adds the key at once. Default 100 ms.
    /// </summary>
    public TimeSpan ChannelEventWindow { get; init; } = TimeSpan.FromMilliseconds(100);
}
