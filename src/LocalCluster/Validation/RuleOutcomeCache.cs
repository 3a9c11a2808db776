using System.Collections.Concurrent;

namespace Mesh.LocalCluster.Validation;

/// <summary>
/// Remembers a rule's outcome per value (keyed by the value's JSON, plus the old value's for transition rules).
/// CRD rules are pure functions of self and oldSelf, and the Cel package spends 50-1000 µs per evaluation because it
/// walks the parse tree again each time, so re-admitting unchanged parts (status writes, re-applies, list items that
/// repeat) skips evaluation. Bounded: cleared when full.
/// </summary>
internal sealed class RuleOutcomeCache
{
    private const int Capacity = 4096;
    private const int MaxKeyLength = 64 * 1024;

    private readonly ConcurrentDictionary<string, RuleOutcome> _outcomes = new(StringComparer.Ordinal);

    public RuleOutcome GetOrEvaluate(string key, Func<RuleOutcome> evaluate)
    {
        if (key.Length > MaxKeyLength)
        {
            return evaluate();
        }

        if (_outcomes.TryGetValue(key, out var known))
        {
            return known;
        }

        var outcome = evaluate();
        if (_outcomes.Count >= Capacity)
        {
            _outcomes.Clear();
        }

        _outcomes[key] = outcome;
        return outcome;
    }
}
