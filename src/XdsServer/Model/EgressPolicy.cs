namespace Mesh.XdsServer.Model;

/// <summary>Egress of the sidecars of one namespace.</summary>
public sealed record EgressPolicy
{
    /// <summary>Mode. Default AllowAny.</summary>
    public EgressMode Mode { get; init; } = EgressMode.AllowAny;

    /// <summary>External hosts reachable (under RegistryOnly, the only ones). Default none.</summary>
    public IReadOnlyList<EgressHost> Hosts { get; init; } = [];
}
