namespace Mesh.XdsServer.Model;

/// <summary>Conditions a request must all meet to take a route.</summary>
public sealed record RouteMatch
{
    /// <summary>Header conditions, all required. Default none.</summary>
    public IReadOnlyList<HeaderMatch> Headers { get; init; } = [];

    /// <summary>Path condition. Null = any path.</summary>
    public PathMatch? Path { get; init; }

    /// <summary>Allowed methods (matched on <c>:method</c>). Empty = any.</summary>
    public IReadOnlyList<string> Methods { get; init; } = [];
}
