namespace Mesh.XdsServer.Model;

/// <summary>Ejects endpoints that keep failing (Envoy's defaults are the defaults).</summary>
public sealed record OutlierDetectionPolicy
{
    /// <summary>Consecutive 5xx (or gRPC failures) before ejection. Default 5. (Ignored by proxyless gRPC clients.)</summary>
    public int Consecutive5xx { get; init; } = 5;

    /// <summary>Time between ejection sweeps. Default 10 s.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Base ejection time, multiplied by the number of ejections. Default 30 s.</summary>
    public TimeSpan BaseEjectionTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Maximum share of endpoints ejected, 0 to 100. Default 10.</summary>
    public int MaxEjectionPercent { get; init; } = 10;

    /// <summary>Eject an endpoint whose failure percentage reaches this (honoured by proxyless gRPC clients). Null = off.</summary>
    public int? FailurePercentageThreshold { get; init; }
}
