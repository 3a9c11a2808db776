namespace Mesh.XdsServer.Model;

/// <summary>An external host that sidecars may reach.</summary>
public sealed record EgressHost
{
    /// <summary>DNS name (required).</summary>
    public required string Host { get; init; }

    /// <summary>Port. Default 443.</summary>
    public int Port { get; init; } = 443;

    /// <summary>Protocol. Default Tls.</summary>
    public EgressProtocol Protocol { get; init; } = EgressProtocol.Tls;
}
