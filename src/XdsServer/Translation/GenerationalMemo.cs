using System.Collections.Concurrent;

namespace Mesh.XdsServer.Translation;

/// <summary>
/// A memo that outlives one model: entries are found by typed keys that name every input of what they hold (content
/// versions included), so a later model reuses the very message instances an earlier one built wherever the inputs are
/// equal. Two generations are kept: an entry not used during a whole generation is dropped, which bounds memory by
/// what the current model needs. Safe for concurrent lookups; <see cref="NextGeneration"/> is called under the
/// translator's lock.
/// </summary>
internal sealed class GenerationalMemo<TKey, TValue>
    where TKey : notnull
{
    private ConcurrentDictionary<TKey, TValue> _current = new();
    private ConcurrentDictionary<TKey, TValue> _previous = new();
    private long _built;

    /// <summary>How many values were built (not found); for tests and the harness.</summary>
    public long Built => Interlocked.Read(ref _built);

    public TValue GetOrAdd(TKey key, Func<TValue> build)
    {
        var current = Volatile.Read(ref _current);
        if (current.TryGetValue(key, out var value))
        {
            return value;
        }
        if (Volatile.Read(ref _previous).TryGetValue(key, out value))
        {
            return current.GetOrAdd(key, value);
        }
        return current.GetOrAdd(key, _ =>
        {
            Interlocked.Increment(ref _built);
            return build();
        });
    }

    /// <summary>Starts a generation: what the last one did not use is forgotten at the next call.</summary>
    public void NextGeneration()
    {
        Volatile.Write(ref _previous, _current);
        Volatile.Write(ref _current, new ConcurrentDictionary<TKey, TValue>());
    }
}
