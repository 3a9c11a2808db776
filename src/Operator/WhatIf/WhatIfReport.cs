namespace Mesh.Operator.WhatIf;

/// <summary>
/// What applying a change would do to the config the xDS server sends: the proxies whose resources change and each
/// changed resource with a unified diff of its JSON. Built by <see cref="WhatIfEngine.Compare"/>; rendered by
/// <see cref="WhatIfText"/>.
/// </summary>
public sealed record WhatIfReport
{
    /// <summary>Proxies (sidecar pods, and the proxyless clients as one) whose config would change, by name.</summary>
    public IReadOnlyList<ProxyImpact> Proxies { get; init; } = [];

    /// <summary>How many proxies the mesh has (before or after), affected or not.</summary>
    public int ProxyCount { get; init; }

    /// <summary>Every changed resource, in push order (clusters, endpoints, listeners, routes, secrets), then by name.</summary>
    public IReadOnlyList<ResourceChange> Changes { get; init; } = [];

    /// <summary>Why the xDS server would refuse the new config (every proxy would keep its last good one).</summary>
    public IReadOnlyList<string> Refusals { get; init; } = [];

    /// <summary>True when no proxy would see any change.</summary>
    public bool IsEmpty => Changes.Count == 0;

    /// <summary>Per resource type, how many resources are added, changed and removed (types without change left out).</summary>
    public IReadOnlyList<TypeCounts> Counts =>
        Changes.GroupBy(c => c.Type)
            .OrderBy(g => ResourceTypes.Order(g.Key))
            .Select(g => new TypeCounts
            {
                Type = g.Key,
                Added = g.Where(c => c.Kind == ResourceChangeKind.Added).Select(c => c.Name).Distinct().Count(),
                Changed = g.Where(c => c.Kind == ResourceChangeKind.Changed).Select(c => c.Name).Distinct().Count(),
                Removed = g.Where(c => c.Kind == ResourceChangeKind.Removed).Select(c => c.Name).Distinct().Count(),
            })
            .ToList();
}

/// <summary>One proxy whose config would change, and how much per type.</summary>
public sealed record ProxyImpact
{
    /// <summary><c>namespace/pod</c> of a sidecar, or <see cref="WhatIfEngine.ProxylessName"/>.</summary>
    public required string Proxy { get; init; }

    /// <summary>The changes this proxy would receive, per type.</summary>
    public IReadOnlyList<TypeCounts> Counts { get; init; } = [];
}

/// <summary>Added (+), changed (~) and removed (-) resources of one type.</summary>
public sealed record TypeCounts
{
    /// <summary>clusters, endpoints, listeners, routes or secrets.</summary>
    public required string Type { get; init; }

    public int Added { get; init; }

    public int Changed { get; init; }

    public int Removed { get; init; }

    /// <summary><c>clusters +1 ~2 -1</c>, zero counts left out.</summary>
    public override string ToString() =>
        Type + (Added > 0 ? $" +{Added}" : "") + (Changed > 0 ? $" ~{Changed}" : "") + (Removed > 0 ? $" -{Removed}" : "");
}

/// <summary>How a resource changes.</summary>
public enum ResourceChangeKind
{
    Added,
    Changed,
    Removed,
}

/// <summary>One resource that changes the same way for some proxies.</summary>
public sealed record ResourceChange
{
    /// <summary>clusters, endpoints, listeners, routes or secrets.</summary>
    public required string Type { get; init; }

    /// <summary>The resource name (for endpoints, the cluster name).</summary>
    public required string Name { get; init; }

    public required ResourceChangeKind Kind { get; init; }

    /// <summary>The resource's JSON as served now; null when added.</summary>
    public string? Before { get; init; }

    /// <summary>The resource's JSON as it would be served; null when removed.</summary>
    public string? After { get; init; }

    /// <summary>The proxies that would see exactly this change.</summary>
    public IReadOnlyList<string> Proxies { get; init; } = [];

    /// <summary>Unified diff of <see cref="Before"/> and <see cref="After"/>.</summary>
    public required string Diff { get; init; }
}
