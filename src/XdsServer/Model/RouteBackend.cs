namespace Mesh.XdsServer.Model;

/// <summary>A destination of a route: a subset of the route's own service, or another service (optionally a subset of it).</summary>
public sealed record RouteBackend
{
    /// <summary>Subset name; null = every endpoint.</summary>
    public string? Subset { get; init; }

    /// <summary>Another service's name; null = the route's own service.</summary>
    public string? Service { get; init; }

    /// <summary>Namespace of <see cref="Service"/>; null = the route's namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>Port of the destination; null = the routed port's number when the destination has it, else its only port.</summary>
    public int? Port { get; init; }

    /// <summary>Share of the traffic (the route's weights add up to 100). Default 100.</summary>
    public int Weight { get; init; } = 100;
}
