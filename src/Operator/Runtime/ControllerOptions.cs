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
}
