namespace Mesh.XdsServer.Model;

/// <summary>Copies a share of a route's requests to another destination (responses are dropped).</summary>
public sealed record MirrorPolicy
{
    /// <summary>Subset of the destination; null = every endpoint.</summary>
    public string? Subset { get; init; }

    /// <summary>Another service; null = the route's own service.</summary>
    public string? Service { get; init; }

    /// <summary>Namespace of <see cref="Service"/>; null = the route's namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>Destination port; null as for <see cref="RouteBackend.Port"/>.</summary>
    public int? Port { get; init; }

    /// <summary>Share of the requests mirrored, 0 to 100. Default 100.</summary>
    public double Percent { get; init; } = 100;
}
