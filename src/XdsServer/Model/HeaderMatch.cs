namespace Mesh.XdsServer.Model;

/// <summary>A header condition: set exactly one of Exact, Prefix, Regex or Present.</summary>
public sealed record HeaderMatch
{
    /// <summary>Header name (required; matched case-insensitively by Envoy).</summary>
    public required string Name { get; init; }

    /// <summary>The value must equal this.</summary>
    public string? Exact { get; init; }

    /// <summary>The value must start with this.</summary>
    public string? Prefix { get; init; }

    /// <summary>The value must fully match this RE2 regex.</summary>
    public string? Regex { get; init; }

    /// <summary>True: the header must be present (any value); false: it must be absent.</summary>
    public bool? Present { get; init; }
}
