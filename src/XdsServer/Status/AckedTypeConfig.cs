using Mesh.XdsServer.Snapshots;

namespace Mesh.XdsServer.Status;

/// <summary>The resources of one type that a proxy ACKed, for the config dump.</summary>
internal sealed record AckedTypeConfig(string TypeUrl, string Version, IReadOnlyList<CachedResource> Resources);
