namespace Mesh.LocalCluster.Resources;

/// <summary>A served API group with its versions, the preferred one first.</summary>
internal sealed record ServedGroup(string Name, IReadOnlyList<ServedVersion> Versions);
