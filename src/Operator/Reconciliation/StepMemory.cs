using System.Collections.Concurrent;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Reconciliation;

/// <summary>
/// The input hash and outcome of each step's last successful run, per policy. Held in memory only: a restarted
/// operator runs every step once (correct, if not cheapest). Reconciles of one key never overlap (the work queue
/// guarantees it), so the per-policy maps need no lock of their own.
/// </summary>
internal sealed class StepMemory
{
    private readonly ConcurrentDictionary<ObjectKey, Dictionary<string, (string Hash, StepOutcome Outcome)>> _byPolicy = new();

    /// <summary>Step runs skipped because their inputs were unchanged (for tests and the load harness).</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    private long _skipped;

    /// <summary>The remembered outcome when <paramref name="hash"/> matches and no recheck is due, else null.</summary>
    public StepOutcome? TryReuse(ObjectKey policy, string step, string hash, DateTimeOffset now)
    {
        if (_byPolicy.TryGetValue(policy, out var steps)
            && steps.TryGetValue(step, out var known)
            && known.Hash == hash
            && (known.Outcome.RecheckAt is not { } at || at > now))
        {
            Interlocked.Increment(ref _skipped);
            return known.Outcome;
        }
        return null;
    }

    public void Remember(ObjectKey policy, string step, string hash, StepOutcome outcome) =>
        _byPolicy.GetOrAdd(policy, _ => new Dictionary<string, (string, StepOutcome)>(StringComparer.Ordinal))[step] = (hash, outcome);

    /// <summary>Forgets one step (its run failed: the next reconcile runs it again).</summary>
    public void Forget(ObjectKey policy, string step)
    {
        if (_byPolicy.TryGetValue(policy, out var steps))
        {
            steps.Remove(step);
        }
    }

    /// <summary>Forgets a deleted policy.</summary>
    public void Forget(ObjectKey policy) => _byPolicy.TryRemove(policy, out _);
}
