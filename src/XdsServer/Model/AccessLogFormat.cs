namespace Mesh.XdsServer.Model;

/// <summary>The line format of sidecar access logs.</summary>
public enum AccessLogFormat
{
    /// <summary>One JSON object per line.</summary>
    Json,
    /// <summary>Envoy's default text line.</summary>
    Text,
}
