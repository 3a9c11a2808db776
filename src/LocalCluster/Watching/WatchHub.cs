namespace Mesh.LocalCluster.Watching;

/// <summary>
/// Retained history of changes (bounded, like etcd's compaction window) and the open watch streams.
/// All members are called under the store gate.
/// </summary>
internal sealed class WatchHub(int historyLimit)
{
    private readonly Queue<WatchEvent> _history = new();
    private readonly List<WatchSubscription> _subscriptions = [];

    /// <summary>Events at or below this resourceVersion are no longer retained.</summary>
    public long CompactedThrough { get; private set; }

    public int OpenStreams => _subscriptions.Count;

    public void Publish(WatchEvent e)
    {
        _history.Enqueue(e);
        while (_history.Count > Math.Max(1, historyLimit))
        {
            CompactedThrough = _history.Dequeue().ResourceVersion;
        }

        foreach (var subscription in _subscriptions)
        {
            if (subscription.Matches(e))
            {
                subscription.Enqueue(new WatchItem(e, 0));
            }
        }
    }

    /// <summary>Events after <paramref name="resourceVersion"/> that the subscription matches; null when compacted.</summary>
    public List<WatchEvent>? Since(long resourceVersion, WatchSubscription subscription)
    {
        if (resourceVersion < CompactedThrough)
        {
            return null;
        }

        return _history.Where(e => e.ResourceVersion > resourceVersion && subscription.Matches(e)).ToList();
    }

    public void Add(WatchSubscription subscription) => _subscriptions.Add(subscription);

    public void Remove(WatchSubscription subscription) => _subscriptions.Remove(subscription);

    /// <summary>Open subscriptions, optionally only those of one storage type.</summary>
    public List<WatchSubscription> Snapshot(Resources.ResourceTypeKey? type) =>
        _subscriptions.Where(s => type is null || s.Type == type).ToList();

    public void BookmarkAll(long resourceVersion)
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Enqueue(WatchItem.Bookmark(resourceVersion));
        }
    }
}
