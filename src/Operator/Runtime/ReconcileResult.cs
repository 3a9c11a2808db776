namespace Mesh.Operator.Runtime;

/// <summary>What a reconciler asks of the work queue after it ran without throwing.</summary>
public sealed record ReconcileResult
{
    /// <summary>The state converged; nothing to do until something changes.</summary>
    public static ReconcileResult Done { get; } = new();

    /// <summary>Run again after the key's backoff (used when waiting on something that sends no event).</summary>
    public static ReconcileResult Requeue { get; } = new() { RequeueWithBackoff = true };

    /// <summary>Run again after the given delay; the key's failure backoff is reset.</summary>
    public static ReconcileResult After(TimeSpan delay) => new() { RequeueAfter = delay };

    /// <summary>When set, the key is added again after this delay.</summary>
    public TimeSpan? RequeueAfter { get; init; }

    /// <summary>When true (and <see cref="RequeueAfter"/> is null), the key is added again with rate-limited backoff.</summary>
    public bool RequeueWithBackoff { get; init; }
}
