namespace Mesh.XdsServer.Model;

/// <summary>Faults injected into a route's requests (by the client side proxy).</summary>
public sealed record FaultPolicy
{
    /// <summary>A fixed delay. Null = none.</summary>
    public FaultDelay? Delay { get; init; }

    /// <summary>An abort. Null = none.</summary>
    public FaultAbort? Abort { get; init; }
}
