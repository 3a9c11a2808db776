namespace Mesh.XdsServer.Model;

/// <summary>A source identity: a service account (of <see cref="Namespace"/>, default the policy's) or a whole namespace.</summary>
public sealed record AuthorizationSource
{
    /// <summary>Service account name.</summary>
    public string? ServiceAccount { get; init; }

    /// <summary>Namespace.</summary>
    public string? Namespace { get; init; }
}
