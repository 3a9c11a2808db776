namespace Mesh.XdsServer.Model;

/// <summary>One rule: a request matches when its source matches any of From and its operation any of To.</summary>
public sealed record AuthorizationRule
{
    /// <summary>Sources; empty = any source.</summary>
    public IReadOnlyList<AuthorizationSource> From { get; init; } = [];

    /// <summary>Operations; empty = any operation.</summary>
    public IReadOnlyList<AuthorizationOperation> To { get; init; } = [];
}
