namespace Mesh.XdsServer.Model;

/// <summary>What a request does: all non-empty lists must match.</summary>
public sealed record AuthorizationOperation
{
    /// <summary>Methods; empty = any.</summary>
    public IReadOnlyList<string> Methods { get; init; } = [];

    /// <summary>Paths (exact, or a prefix ending in <c>/*</c>); empty = any.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>Service ports; empty = any.</summary>
    public IReadOnlyList<int> Ports { get; init; } = [];
}
