namespace Mesh.XdsServer.Tests.Translation.Simulation;

/// <summary>Where a simulated request went: the virtual host and route taken, the clusters with their weights, or a
/// direct response status.</summary>
internal sealed record SimulationResult
{
    public string? Listener { get; init; }
    public string? RouteConfig { get; init; }
    public string? VirtualHost { get; init; }
    public string? Route { get; init; }
    public IReadOnlyDictionary<string, uint> Clusters { get; init; } = new Dictionary<string, uint>();
    public uint? DirectStatus { get; init; }
    public IReadOnlyList<string> Mirrors { get; init; } = [];
    public Envoy.Config.Route.V3.Route? Matched { get; init; }

    /// <summary>The single cluster reached (fails the test when the route splits or answers directly).</summary>
    public string Cluster => Clusters.Count == 1 ? Clusters.Keys.Single() : throw new Xunit.Sdk.XunitException(
        $"expected one cluster, got [{string.Join(", ", Clusters.Select(c => $"{c.Key}={c.Value}"))}] status {DirectStatus}");
}
