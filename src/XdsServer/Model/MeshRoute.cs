namespace Mesh.XdsServer.Model;

/// <summary>One HTTP route of a service; routes are evaluated in order and the first match wins.</summary>
public sealed record MeshRoute
{
    /// <summary>Route name (required, unique within the service).</summary>
    public required string Name { get; init; }

    /// <summary>What a request must match. Null = everything.</summary>
    public RouteMatch? Match { get; init; }

    /// <summary>Where matching requests go, with weights adding up to 100. Empty = the whole service on the same port.</summary>
    public IReadOnlyList<RouteBackend> Backends { get; init; } = [];

    /// <summary>Request timeout. Null = none (Envoy's 15 s default is switched off, as Istio does).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Retries. Null = no retries.</summary>
    public RetryPolicy? Retries { get; init; }

    /// <summary>Fault injection. Null = none.</summary>
    public FaultPolicy? Fault { get; init; }

    /// <summary>Traffic mirroring. Null = none.</summary>
    public MirrorPolicy? Mirror { get; init; }

    /// <summary>The MeshPolicy field this route came from, e.g. <c>spec.services[0].routes[1]</c>.</summary>
    public string? SourceField { get; init; }
}
