using Mesh.XdsServer.Snapshots;

namespace Mesh.XdsServer.Cache;

/// <summary>A snapshot as held by the cache: with the generation it was set at and when, for convergence timing.</summary>
internal sealed record CachedSnapshot(Snapshot Snapshot, long Generation, long SetTimestamp);
