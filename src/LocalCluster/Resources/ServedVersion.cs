namespace Mesh.LocalCluster.Resources;

/// <summary>A served group version with its resources.</summary>
internal sealed record ServedVersion(string Version, IReadOnlyList<ResourceDefinition> Resources);
