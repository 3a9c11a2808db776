namespace Mesh.LocalCluster.Resources;

/// <summary>A subresource other than status (pods/eviction), with the kind it accepts and its verbs, for routing and discovery.</summary>
internal sealed record SubresourceDefinition(string Name, string Group, string Version, string Kind, IReadOnlyList<string> Verbs);
