namespace Mesh.XdsServer.Model;

/// <summary>A named selection of a service's endpoints by label (e.g. <c>v1: {version: v1}</c>).</summary>
public sealed record ServiceSubset
{
    /// <summary>Subset name (required), used in cluster names <c>outbound|port|subset|host</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Labels an endpoint must all carry to belong. Default none (every endpoint).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The MeshPolicy field this subset came from, e.g. <c>spec.services[0].subsets[1]</c>.</summary>
    public string? SourceField { get; init; }

    /// <summary>True when <paramref name="endpoint"/> carries every label of the subset.</summary>
    public bool Selects(ServiceEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        foreach (var (key, value) in Labels)
        {
            if (!endpoint.Labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }
        return true;
    }
}
