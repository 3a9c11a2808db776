namespace Mesh.XdsServer.Model;

/// <summary>What a service's proxies decide for a request that none of its Allow rules covers (the policy's
/// <c>defaultAuthorization</c>). It does not apply when the service has Allow rules: those decide alone.</summary>
public enum DefaultAuthorization
{
    /// <summary>Allow it (the default: safe while a namespace migrates in).</summary>
    AllowAll,
    /// <summary>Refuse it.</summary>
    DenyAll,
    /// <summary>Allow callers whose mTLS identity is in the service's own namespace, refuse the rest.</summary>
    AllowSameNamespace,
}
