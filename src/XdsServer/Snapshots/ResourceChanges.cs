namespace Mesh.XdsServer.Snapshots;

/// <summary>From <see cref="From"/> to a <see cref="TypeResources"/>: the resources added or at another version (in name
/// order) and the names no longer there (<see cref="TypeResources.ChangesFrom"/>).</summary>
internal sealed record ResourceChanges(TypeResources From, IReadOnlyList<CachedResource> Updated, IReadOnlyList<string> Gone);
