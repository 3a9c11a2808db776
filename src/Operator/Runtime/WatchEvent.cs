using k8s;

namespace Mesh.Operator.Runtime;

/// <summary>One line of a watch stream. <see cref="Object"/> is null for bookmarks.</summary>
public readonly record struct WatchEvent<T>(WatchEventType Type, T? Object, string? ResourceVersion)
    where T : class;
