namespace Mesh.XdsServer.Model;

/// <summary>Delays a share of the requests.</summary>
public sealed record FaultDelay
{
    /// <summary>Share of the requests delayed, 0 to 100. Default 100.</summary>
    public double Percent { get; init; } = 100;

    /// <summary>The delay (required).</summary>
    public required TimeSpan Duration { get; init; }
}
