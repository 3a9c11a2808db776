namespace Mesh.LocalCluster.Watching;

/// <summary>What a watch stream writes next: a stored change, or a bookmark at a resourceVersion.</summary>
internal readonly record struct WatchItem(WatchEvent? Event, long BookmarkResourceVersion, bool Synthetic = false)
{
    public static WatchItem Bookmark(long resourceVersion) => new(null, resourceVersion);
}
