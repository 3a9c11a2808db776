using Mesh.XdsServer.Snapshots;

namespace Mesh.XdsServer.Server;

/// <summary>What one stream should hold of one type right now: the resources (ordered by name) and their combined version.</summary>
internal readonly record struct TypeView(string Version, IReadOnlyList<CachedResource> Resources);
