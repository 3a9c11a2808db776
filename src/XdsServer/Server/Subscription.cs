using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text;

namespace Mesh.XdsServer.Server;

/// <summary>
/// The names one stream subscribes to for one type: immutable, ordinal-sorted and shared. Sidecars of one scope
/// subscribe to the same names (every EDS cluster of the mesh), so each distinct set is held once however many streams
/// use it, instead of a private set of fresh strings per stream (2,000 sidecars x 1,000 EDS names were ~340 MB). Equal
/// sets are the same instance, which also lets a view of one set of resources be computed once for all of them
/// (<see cref="SubscriptionViews"/>).
/// </summary>
internal sealed class Subscription
{
    private const int MaxNamesCheckedInPlace = 4096;

    /// <summary>Above this many names, an ACK's names are looked up in a hash index rather than by binary search.</summary>
    private const int IndexedFrom = 32;
    private static readonly ConcurrentDictionary<ulong, WeakReference<Subscription>> Pool = new();
    private static int _internedSinceSweep;

    private readonly string[] _names;

    /// <summary>Position of each name, built at the first check of a large set and shared by every stream holding it.</summary>
    private FrozenDictionary<string, int>? _index;

    private Subscription(string[] sortedDistinct, ulong hash)
    {
        _names = sortedDistinct;
        Hash = hash;
    }

    public static Subscription Empty { get; } = new([], default);

    /// <summary>The names, ordinal-sorted and distinct.</summary>
    public IReadOnlyList<string> Names => _names;

    public int Count => _names.Length;

    private ulong Hash { get; }

    public bool Contains(string name) => Array.BinarySearch(_names, name, StringComparer.Ordinal) >= 0;

    /// <summary>The shared subscription to exactly <paramref name="names"/> ("*" is the caller's business, not a name here).</summary>
    public static Subscription Of(IEnumerable<string> names)
    {
        var sorted = names.Distinct(StringComparer.Ordinal).ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return Intern(sorted);
    }

    /// <summary>
    /// Whether <paramref name="names"/> (less "*", repeats allowed) are exactly this set, checked without building one:
    /// every state-of-the-world ACK repeats its subscription, and interning it again took a set, an array and a sort per
    /// ACK. False for sets of over 4,096 names, whose callers build the set.
    /// </summary>
    public bool IsExactly(IReadOnlyList<string> names)
    {
        if (_names.Length > MaxNamesCheckedInPlace)
        {
            return false;
        }

        // An unscoped SotW ACK repeats ~1,000 names, 1,000 streams at a time: ten ordinal comparisons through an
        // interface per name was a tenth of the server's CPU in such a push (S2), a hash lookup is one.
        var index = _names.Length > IndexedFrom ? _index ?? BuildIndex() : null;
        Span<bool> seen = stackalloc bool[_names.Length];
        var distinct = 0;
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            if (name == "*")
            {
                continue;
            }

            int at;
            if (index is null)
            {
                at = Array.BinarySearch(_names, name, StringComparer.Ordinal);
            }
            else if (!index.TryGetValue(name, out at))
            {
                return false;
            }

            if (at < 0)
            {
                return false;
            }

            if (!seen[at])
            {
                seen[at] = true;
                distinct++;
            }
        }

        return distinct == _names.Length;
    }

    private FrozenDictionary<string, int> BuildIndex()
    {
        var index = _names.Select((name, at) => KeyValuePair.Create(name, at)).ToFrozenDictionary(StringComparer.Ordinal);
        return Interlocked.CompareExchange(ref _index, index, null) ?? index;
    }

    /// <summary>This subscription with <paramref name="add"/> added and then <paramref name="remove"/> removed.</summary>
    public Subscription With(IReadOnlyCollection<string> add, IReadOnlyCollection<string> remove)
    {
        if (add.Count == 0 && remove.Count == 0)
        {
            return this;
        }

        var names = new SortedSet<string>(_names, StringComparer.Ordinal);
        names.UnionWith(add);
        names.ExceptWith(remove);
        return names.Count == _names.Length && names.SetEquals(_names) ? this : Intern([.. names]);
    }

    private static Subscription Intern(string[] sorted)
    {
        if (sorted.Length == 0)
        {
            return Empty;
        }

        var hash = HashOf(sorted);
        if (Pool.TryGetValue(hash, out var weak) && weak.TryGetTarget(out var existing))
        {
            // Another set with the same hash: the new one is simply not shared.
            return existing._names.AsSpan().SequenceEqual(sorted) ? existing : new Subscription(sorted, hash);
        }

        var created = new Subscription(sorted, hash);
        Pool[hash] = new WeakReference<Subscription>(created);
        if (Interlocked.Increment(ref _internedSinceSweep) >= 1024)
        {
            Sweep();
        }

        return created;
    }

    /// <summary>Forgets sets no stream holds any more, so clients cannot grow the pool without bound.</summary>
    private static void Sweep()
    {
        Interlocked.Exchange(ref _internedSinceSweep, 0);
        foreach (var (hash, weak) in Pool)
        {
            if (!weak.TryGetTarget(out _))
            {
                Pool.TryRemove(new KeyValuePair<ulong, WeakReference<Subscription>>(hash, weak));
            }
        }
    }

    /// <summary>FNV-1a over the names and their separators: equal sets collide by design, others only by chance (checked).</summary>
    private static ulong HashOf(string[] sorted)
    {
        var hash = 14695981039346656037UL;
        foreach (var name in sorted)
        {
            foreach (var c in name)
            {
                hash = (hash ^ c) * 1099511628211UL;
            }

            hash = (hash ^ 0xFFFF) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>How many entries the pool holds, live or not yet swept (tests).</summary>
    internal static int PoolSize => Pool.Count;

    public override string ToString() => new StringBuilder().AppendJoin(",", _names).ToString();
}
