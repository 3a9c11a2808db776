using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>A condition on the normalized request path: exactly one of exact, prefix or regex.</summary>
[CelRule("[has(self.exact), has(self.prefix), has(self.regex)].filter(x, x).size() == 1",
    "a path match needs exactly one of exact, prefix or regex",
    Name = "path-match-one-kind")]
public sealed record PathMatch
{
    /// <summary>The path equals this string.</summary>
    [JsonPropertyName("exact")]
    [Length(Min = 1, Max = 1024)]
    [Pattern("^/")]
    public string? Exact { get; init; }

    /// <summary>The path starts with this string, on segment boundaries (<c>/api</c> matches <c>/api/x</c>, not <c>/apix</c>).</summary>
    [JsonPropertyName("prefix")]
    [Length(Min = 1, Max = 1024)]
    [Pattern("^/")]
    public string? Prefix { get; init; }

    /// <summary>The whole path matches this RE2 regular expression (checked by the planner).</summary>
    [JsonPropertyName("regex")]
    [Length(Min = 1, Max = 1024)]
    public string? Regex { get; init; }
}
