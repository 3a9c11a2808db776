namespace Mesh.XdsServer.Model;

/// <summary>What a request does: all non-empty lists must match.</summary>
public sealed record AuthorizationOperation
{
    /// <summary>Methods; empty = any.</summary>
    public IReadOnlyList<string> Methods { get; init; } = [];

    /// <summary>Paths: exact, a segment prefix ending in <c>/*</c> (<c>/a/*</c> matches <c>/a</c> and <c>/a/...</c>), or
    /// <c>*</c>; empty = any.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>Destination ports (the pods' target ports); empty = any.</summary>
    public IReadOnlyList<int> Ports { get; init; } = [];
}
