namespace Mesh.XdsServer.Model;

/// <summary>What a sidecar does with traffic to destinations outside the mesh.</summary>
public enum EgressMode
{
    /// <summary>Pass it through to its original destination (the default).</summary>
    AllowAny,
    /// <summary>Refuse it unless the host is listed in <see cref="EgressPolicy.Hosts"/>.</summary>
    RegistryOnly,
}
