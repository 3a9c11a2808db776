namespace Mesh.XdsServer.Model;

/// <summary>Telemetry produced by the sidecars of one namespace.</summary>
public sealed record ObservabilityPolicy
{
    /// <summary>Access log format; null = no access logs (the default).</summary>
    public AccessLogFormat? AccessLog { get; init; }

    /// <summary>Tracing; null = off (the default).</summary>
    public TracingPolicy? Tracing { get; init; }
}
