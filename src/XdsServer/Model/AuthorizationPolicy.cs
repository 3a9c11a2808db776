namespace Mesh.XdsServer.Model;

/// <summary>Authorization of a service's inbound requests. Translated to Envoy RBAC filters (HTTP and network) and to proxyless gRPC servers' RBAC.</summary>
public sealed record AuthorizationPolicy
{
    /// <summary>Action. Default Allow.</summary>
    public AuthorizationAction Action { get; init; } = AuthorizationAction.Allow;

    /// <summary>Rules; a request matches the policy when it matches any rule. Default none.</summary>
    public IReadOnlyList<AuthorizationRule> Rules { get; init; } = [];

    /// <summary>The MeshPolicy field this came from, e.g. <c>spec.services[0].authorization</c>.</summary>
    public string? SourceField { get; init; }
}
