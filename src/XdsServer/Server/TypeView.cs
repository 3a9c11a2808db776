using Mesh.XdsServer.Snapshots;

namespace Mesh.XdsServer.Server;

/// <summary>
/// What one stream should hold of one type right now: the resources (ordered by name) and their combined version.
/// <paramref name="Held"/> indexes exactly those resources (shared by every stream with the same view), so that a delta
/// stream that holds the view can point at it instead of keeping its own name -> version map.
/// </summary>
internal readonly record struct TypeView(string Version, IReadOnlyList<CachedResource> Resources, TypeResources? Held = null);
