using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.LocalCluster.Resources;
using Mesh.LocalCluster.Watching;

namespace Mesh.LocalCluster.Storage;

/// <summary>
/// All objects, keyed by storage type then "namespace/name" (sorted, as etcd keys are), with one global
/// resourceVersion counter. Every write publishes exactly one watch event under the same gate, so a watcher that
/// registers under the gate sees a gap-free sequence.
/// </summary>
internal sealed class ObjectStore(WatchHub hub)
{
    private readonly Dictionary<ResourceTypeKey, SortedDictionary<string, StoredObject>> _types = new();
    private readonly Dictionary<string, (ResourceTypeKey Type, string Key)> _uids = new(StringComparer.Ordinal);
    private long _resourceVersion;

    /// <summary>Held for every read-modify-write; re-entrant.</summary>
    public object Gate { get; } = new();

    public WatchHub Hub => hub;

    /// <summary>Raised (under the gate) after an object is removed or marked for deletion.</summary>
    public event Action? Changed;

    public long CurrentResourceVersion
    {
        get
        {
            lock (Gate)
            {
                return _resourceVersion;
            }
        }
    }

    public StoredObject? Get(ResourceTypeKey type, string ns, string name)
    {
        lock (Gate)
        {
            return _types.TryGetValue(type, out var objects) ? objects.GetValueOrDefault(Key(ns, name)) : null;
        }
    }

    /// <summary>Objects of a type, optionally in one namespace, in key order. Call under the gate to use Object.</summary>
    public List<StoredObject> List(ResourceTypeKey type, string? ns)
    {
        lock (Gate)
        {
            if (!_types.TryGetValue(type, out var objects))
            {
                return [];
            }

            return ns is null
                ? objects.Values.ToList()
                : objects.Values.Where(o => string.Equals(o.Namespace, ns, StringComparison.Ordinal)).ToList();
        }
    }

    public IReadOnlyList<ResourceTypeKey> Types()
    {
        lock (Gate)
        {
            return _types.Where(t => t.Value.Count > 0).Select(t => t.Key).ToList();
        }
    }

    public bool UidExists(string uid)
    {
        lock (Gate)
        {
            return _uids.ContainsKey(uid);
        }
    }

    public (ResourceTypeKey Type, StoredObject Object)? FindByUid(string uid)
    {
        lock (Gate)
        {
            if (!_uids.TryGetValue(uid, out var location))
            {
                return null;
            }

            return (location.Type, _types[location.Type][location.Key]);
        }
    }

    /// <summary>Stores a new version (create or update), assigning the next resourceVersion.</summary>
    public StoredObject Put(ResourceTypeKey type, JsonObject obj, bool created)
    {
        lock (Gate)
        {
            var metadata = obj["metadata"]!.AsObject();
            var ns = (string?)metadata["namespace"] ?? "";
            var name = (string)metadata["name"]!;
            metadata["resourceVersion"] = (++_resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var stored = Freeze(obj, ns, name);
            if (!_types.TryGetValue(type, out var objects))
            {
                _types[type] = objects = new SortedDictionary<string, StoredObject>(StringComparer.Ordinal);
            }

            objects[Key(ns, name)] = stored;
            _uids[stored.Uid] = (type, Key(ns, name));
            hub.Publish(new WatchEvent(created ? WatchEventKind.Added : WatchEventKind.Modified, type, stored));
            if (metadata["deletionTimestamp"] is not null || metadata["ownerReferences"] is not null)
            {
                Changed?.Invoke();
            }

            return stored;
        }
    }

    /// <summary>Removes an object; the DELETED event carries its last state at a new resourceVersion.</summary>
    public StoredObject Remove(ResourceTypeKey type, string ns, string name)
    {
        lock (Gate)
        {
            var objects = _types[type];
            var last = objects[Key(ns, name)];
            objects.Remove(Key(ns, name));
            _uids.Remove(last.Uid);
            var obj = last.Object.DeepClone().AsObject();
            obj["metadata"]!["resourceVersion"] = (++_resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var stored = Freeze(obj, ns, name);
            hub.Publish(new WatchEvent(WatchEventKind.Deleted, type, stored));
            Changed?.Invoke();
            return stored;
        }
    }

    private StoredObject Freeze(JsonObject obj, string ns, string name) =>
        new(obj, JsonSerializer.SerializeToUtf8Bytes(obj), _resourceVersion, ns, name)
        {
            ApiVersion = (string?)obj["apiVersion"] ?? "",
        };

    private static string Key(string ns, string name) => ns + "/" + name;
}
