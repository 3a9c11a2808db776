using System.Collections.Concurrent;
using Mesh.XdsServer.Snapshots;

namespace Mesh.XdsServer.Cache;

/// <summary>
/// The current snapshot per key (a proxy or a group of proxies); setting one signals the open streams of that key.
/// The signal is cheap (a callback that wakes the stream); each stream then works out which of its types changed.
/// </summary>
public sealed class SnapshotCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly IResourceValidator _validator;
    private readonly TimeProvider _timeProvider;
    private long _generation;

    /// <summary>A cache that checks every resource against the envoy protos' protoc-gen-validate rules.</summary>
    public SnapshotCache(TimeProvider? timeProvider = null)
        : this(new ProtoResourceValidator(timeProvider ?? TimeProvider.System), timeProvider ?? TimeProvider.System)
    {
    }

    internal SnapshotCache(IResourceValidator validator, TimeProvider timeProvider)
    {
        _validator = validator;
        _timeProvider = timeProvider;
    }

    /// <summary>The keys that currently have a snapshot.</summary>
    public IReadOnlyCollection<string> Keys => _entries.Where(e => e.Value.Current is not null).Select(e => e.Key).ToArray();

    /// <summary>
    /// Makes <paramref name="snapshot"/> the config for <paramref name="key"/> after validating every resource in it.
    /// On failure nothing changes: the last good snapshot keeps being served.
    /// </summary>
    /// <exception cref="InvalidSnapshotException">A resource fails validation; every error is listed.</exception>
    public void SetSnapshot(string key, Snapshot snapshot)
    {
        if (!TrySetSnapshot(key, snapshot, out var errors))
        {
            throw new InvalidSnapshotException(errors);
        }
    }

    /// <summary>Like <see cref="SetSnapshot"/> but returns the validation errors instead of throwing.</summary>
    public bool TrySetSnapshot(string key, Snapshot snapshot, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(snapshot);
        errors = Validate(snapshot);
        if (errors.Count > 0)
        {
            return false;
        }

        var entry = _entries.GetOrAdd(key, static _ => new Entry());
        var cached = new CachedSnapshot(snapshot, Interlocked.Increment(ref _generation), _timeProvider.GetTimestamp());
        Action[] watchers;
        lock (entry)
        {
            entry.Current = cached;
            watchers = entry.Watchers.ToArray();
        }

        foreach (var watcher in watchers)
        {
            watcher();
        }

        return true;
    }

    /// <summary>Returns the current snapshot of <paramref name="key"/>, if any.</summary>
    public bool TryGetSnapshot(string key, out Snapshot snapshot)
    {
        if (GetCurrent(key) is { } current)
        {
            snapshot = current.Snapshot;
            return true;
        }

        snapshot = null!;
        return false;
    }

    /// <summary>Forgets the snapshot of <paramref name="key"/>. Connected proxies keep what they have; nothing is pushed.</summary>
    public bool ClearSnapshot(string key)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return false;
        }

        lock (entry)
        {
            var had = entry.Current is not null;
            entry.Current = null;
            if (entry.Watchers.Count == 0)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            }

            return had;
        }
    }

    internal CachedSnapshot? GetCurrent(string key) =>
        _entries.TryGetValue(key, out var entry) ? Volatile.Read(ref entry.Current) : null;

    /// <summary>Calls <paramref name="onChange"/> after every SetSnapshot of <paramref name="key"/> until disposed.</summary>
    internal IDisposable Watch(string key, Action onChange)
    {
        while (true)
        {
            var entry = _entries.GetOrAdd(key, static _ => new Entry());
            lock (entry)
            {
                // A concurrent ClearSnapshot may have dropped this entry from the map: retry on the live one.
                if (!_entries.TryGetValue(key, out var live) || !ReferenceEquals(live, entry))
                {
                    continue;
                }

                entry.Watchers.Add(onChange);
                return new Subscription(this, key, entry, onChange);
            }
        }
    }

    internal int WatcherCount(string key) =>
        _entries.TryGetValue(key, out var entry) ? entry.Watchers.Count : 0;

    /// <summary>Every validation error of <paramref name="snapshot"/>'s resources (each resource is checked once, ever).</summary>
    internal IReadOnlyList<string> Validate(Snapshot snapshot)
    {
        List<string>? errors = null;
        foreach (var type in snapshot.Types.Values)
        {
            var typeErrors = type.ValidationErrors ??= Validate(type);
            if (typeErrors.Count > 0)
            {
                (errors ??= []).AddRange(typeErrors);
            }
        }

        return errors ?? (IReadOnlyList<string>)[];
    }

    private IReadOnlyList<string> Validate(TypeResources type)
    {
        List<string>? errors = null;
        foreach (var resource in type.Ordered)
        {
            var resourceErrors = resource.ValidationErrors ??= _validator.Validate(resource.Message);
            foreach (var error in resourceErrors)
            {
                (errors ??= []).Add($"{TypeUrls.ShortName(resource.TypeUrl)} resource '{resource.Name}': {error}");
            }
        }
        return errors ?? (IReadOnlyList<string>)[];
    }

    private void Unwatch(string key, Entry entry, Action onChange)
    {
        lock (entry)
        {
            entry.Watchers.Remove(onChange);
            if (entry.Watchers.Count == 0 && entry.Current is null)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            }
        }
    }

    private sealed class Entry
    {
        public CachedSnapshot? Current;
        public readonly List<Action> Watchers = [];
    }

    private sealed class Subscription(SnapshotCache cache, string key, Entry entry, Action onChange) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                cache.Unwatch(key, entry, onChange);
            }
        }
    }
}
