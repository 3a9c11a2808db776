using Envoy.Config.Cluster.V3;

namespace Mesh.XdsServer.Translation;

/// <summary>The clusters of a set of visible services, distinct and ordered by name, with their names for lookups.</summary>
internal sealed record OutboundClusters(IReadOnlyList<Cluster> Ordered, IReadOnlySet<string> Names);
