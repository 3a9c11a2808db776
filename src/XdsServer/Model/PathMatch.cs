namespace Mesh.XdsServer.Model;

/// <summary>A path condition: set exactly one of Exact, Prefix or Regex. Matched after normalization, without the query.</summary>
public sealed record PathMatch
{
    /// <summary>The path must equal this.</summary>
    public string? Exact { get; init; }

    /// <summary>The path must start with this.</summary>
    public string? Prefix { get; init; }

    /// <summary>The path must fully match this RE2 regex.</summary>
    public string? Regex { get; init; }
}
