namespace Mesh.LocalCluster.Watching;

/// <summary>Watch event types as they appear on the wire.</summary>
internal enum WatchEventKind
{
    Added,
    Modified,
    Deleted,
    Bookmark,
    Error,
}
