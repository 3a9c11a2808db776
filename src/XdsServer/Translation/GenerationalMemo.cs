using System.Collections.Concurrent;

namespace Mesh.XdsServer.Translation;

/// <summary>
/// A memo that outlives one model: entries are found by typed keys that name every input of what they hold (content
/// versions included), so a later model reuses the very message instances an earlier one built wherever the inputs are
/// equal. Two generations are kept: an entry not used during a whole generation is dropped, which bounds memory by
/// what the current model needs. Safe for concurrent lookups; <see cref="NextGeneration"/> is called under the
/// translator's lock.
/// <para>With an <see cref="Interning{TKey, TValue}"/>, a value built for a new key is first compared with the latest
/// value of the same identity (the key without its versions): when equal, the earlier instance is handed out. A
/// version names every input, so it also moves for inputs that leave this value as it was (a route weight moves the
/// service's config version, not its clusters); interning here, once per built value, is what keeps every proxy's
/// lists made of the same instances, so that nothing downstream compares messages by value per proxy.</para>
/// </summary>
internal sealed class GenerationalMemo<TKey, TValue>(Interning<TKey, TValue>? interning = null)
    where TKey : notnull
    where TValue : class
{
    private Generation _current = new();
    private Generation _previous = new();
    private long _built;
    private long _reused;

    /// <summary>How many values were built (not found); for tests and the harness.</summary>
    public long Built => Interlocked.Read(ref _built);

    /// <summary>How many built values were equal to the earlier value of their identity and replaced by it.</summary>
    public long Reused => Interlocked.Read(ref _reused);

    public TValue GetOrAdd(TKey key, Func<TValue> build)
    {
        var current = Volatile.Read(ref _current);
        if (current.ByKey.TryGetValue(key, out var value))
        {
            return value;
        }
        var previous = Volatile.Read(ref _previous);
        if (previous.ByKey.TryGetValue(key, out value))
        {
            if (interning is not null)
            {
                current.ByIdentity.TryAdd(interning.Identity(key), (key, value));
            }
            return current.ByKey.GetOrAdd(key, value);
        }
        return current.ByKey.GetOrAdd(key, k =>
        {
            Interlocked.Increment(ref _built);
            var built = build();
            if (interning is null)
            {
                return built;
            }
            var identity = interning.Identity(k);
            if (current.ByIdentity.TryGetValue(identity, out var prior) || previous.ByIdentity.TryGetValue(identity, out prior))
            {
                var kept = interning.Reuse(prior.Value, built);
                if (ReferenceEquals(kept, prior.Value))
                {
                    Interlocked.Increment(ref _reused);
                }
                built = kept;
                if (!EqualityComparer<TKey>.Default.Equals(prior.Key, k))
                {
                    // The identity's earlier version is superseded: forget it now rather than after a generation, so
                    // that a memo whose generations move rarely (load assignments between config changes) holds one
                    // entry per identity however many versions went through it.
                    current.ByKey.TryRemove(prior.Key, out _);
                    previous.ByKey.TryRemove(prior.Key, out _);
                }
            }
            current.ByIdentity[identity] = (k, built);
            return built;
        });
    }

    /// <summary>Starts a generation: what the last one did not use is forgotten at the next call.</summary>
    public void NextGeneration()
    {
        Volatile.Write(ref _previous, _current);
        Volatile.Write(ref _current, new Generation());
    }

    private sealed class Generation
    {
        public ConcurrentDictionary<TKey, TValue> ByKey { get; } = new();

        public ConcurrentDictionary<object, (TKey Key, TValue Value)> ByIdentity { get; } = new();
    }
}

/// <summary>
/// How a <see cref="GenerationalMemo{TKey, TValue}"/> finds the earlier value of a key (<see cref="Identity"/>: the key
/// without its content versions) and what it keeps of it (<see cref="Reuse"/>: the earlier value when equal, or the new
/// value with its equal parts replaced by the earlier instances).
/// </summary>
internal sealed record Interning<TKey, TValue>(Func<TKey, object> Identity, Func<TValue, TValue, TValue> Reuse)
    where TValue : class;
