using k8s;
using k8s.Models;

namespace Mesh.Operator.Runtime;

/// <summary>
/// The informer's in-memory copy of one kind, with indexes by namespace, by owner uid and by label. Readers get the
/// objects as the informer stored them: treat them as immutable.
/// </summary>
public sealed class ObjectCache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ObjectKey, T> _objects = new();
    private readonly Index _byNamespace = new();
    private readonly Index _byOwner = new();
    private readonly Index _byLabel = new();
    // Change counters: a reading taken before a listing, equal to a later reading, proves the listing is still current.
    private readonly Dictionary<string, long> _namespaceChanges = new(StringComparer.Ordinal);
    private long _changes;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _objects.Count;
            }
        }
    }

    public T? Get(ObjectKey key)
    {
        lock (_lock)
        {
            return _objects.GetValueOrDefault(key);
        }
    }

    public T? Get(string? @namespace, string name) => Get(ObjectKey.Create(@namespace, name));

    public IReadOnlyList<T> List()
    {
        lock (_lock)
        {
            return _objects.Values.ToList();
        }
    }

    public IReadOnlyList<T> ListByNamespace(string @namespace) => Lookup(_byNamespace, @namespace);

    /// <summary>Moves on every change to the cache. Read it before listing: an equal later reading means nothing the
    /// listing holds has changed since.</summary>
    public long Changes
    {
        get
        {
            lock (_lock)
            {
                return _changes;
            }
        }
    }

    /// <summary>Moves on every change to an object of <paramref name="namespace"/> (as <see cref="Changes"/>, for
    /// <see cref="ListByNamespace"/>).</summary>
    public long ChangesIn(string @namespace)
    {
        lock (_lock)
        {
            return _namespaceChanges.GetValueOrDefault(@namespace);
        }
    }

    /// <summary>Objects that carry an owner reference to the given uid.</summary>
    public IReadOnlyList<T> ListByOwner(string ownerUid) => Lookup(_byOwner, ownerUid);

    /// <summary>Objects whose label <paramref name="key"/> equals <paramref name="value"/>.</summary>
    public IReadOnlyList<T> ListByLabel(string key, string value) => Lookup(_byLabel, LabelTerm(key, value));

    /// <summary>Objects of one namespace matching every label of the selector (equality only).</summary>
    public IReadOnlyList<T> ListBySelector(string @namespace, IReadOnlyDictionary<string, string> matchLabels)
    {
        ArgumentNullException.ThrowIfNull(matchLabels);
        var candidates = matchLabels.Count == 0
            ? ListByNamespace(@namespace)
            : ListByLabel(matchLabels.First().Key, matchLabels.First().Value);
        return candidates.Where(o => o.Metadata.NamespaceProperty == @namespace && Matches(o, matchLabels)).ToList();
    }

    /// <summary>Stores the object; returns the previous version or null.</summary>
    internal T? Upsert(T obj)
    {
        var key = ObjectKey.Of(obj);
        lock (_lock)
        {
            var old = _objects.GetValueOrDefault(key);
            if (old is not null)
            {
                Unindex(key, old);
            }

            _objects[key] = obj;
            IndexObject(key, obj);
            Changed(key);
            return old;
        }
    }

    /// <summary>Removes the object; returns the version that was cached or null.</summary>
    internal T? Remove(ObjectKey key)
    {
        lock (_lock)
        {
            if (!_objects.Remove(key, out var old))
            {
                return null;
            }

            Unindex(key, old);
            Changed(key);
            return old;
        }
    }

    private void Changed(ObjectKey key)
    {
        _changes++;
        if (key.Namespace is not null)
        {
            _namespaceChanges[key.Namespace] = _changes;
        }
    }

    internal IReadOnlyList<ObjectKey> Keys()
    {
        lock (_lock)
        {
            return _objects.Keys.ToList();
        }
    }

    private static bool Matches(T obj, IReadOnlyDictionary<string, string> matchLabels)
    {
        var labels = obj.Metadata.Labels;
        return matchLabels.All(kv => labels is not null && labels.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }

    private static string LabelTerm(string key, string value) => key + "=" + value;

    private IReadOnlyList<T> Lookup(Index index, string term)
    {
        lock (_lock)
        {
            return index.TryGetValue(term, out var keys) ? keys.Select(k => _objects[k]).ToList() : [];
        }
    }

    private void IndexObject(ObjectKey key, T obj) => ForEachTerm(key, obj, (index, term) => index.Add(term, key));

    private void Unindex(ObjectKey key, T obj) => ForEachTerm(key, obj, (index, term) => index.Remove(term, key));

    private void ForEachTerm(ObjectKey key, T obj, Action<Index, string> action)
    {
        if (key.Namespace is not null)
        {
            action(_byNamespace, key.Namespace);
        }

        foreach (var uid in obj.Metadata.OwnerReferences?.Select(o => o.Uid).Distinct() ?? [])
        {
            if (!string.IsNullOrEmpty(uid))
            {
                action(_byOwner, uid);
            }
        }

        foreach (var (labelKey, labelValue) in obj.Metadata.Labels ?? new Dictionary<string, string>())
        {
            action(_byLabel, LabelTerm(labelKey, labelValue));
        }
    }

    private sealed class Index : Dictionary<string, HashSet<ObjectKey>>
    {
        public void Add(string term, ObjectKey key)
        {
            if (!TryGetValue(term, out var keys))
            {
                keys = [];
                this[term] = keys;
            }

            keys.Add(key);
        }

        public void Remove(string term, ObjectKey key)
        {
            if (TryGetValue(term, out var keys) && keys.Remove(key) && keys.Count == 0)
            {
                base.Remove(term);
            }
        }
    }
}
