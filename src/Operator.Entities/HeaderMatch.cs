using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>A condition on one request header: exactly one of exact, prefix, regex or present.</summary>
[CelRule("[has(self.exact), has(self.prefix), has(self.regex), has(self.present)].filter(x, x).size() == 1",
    "a header match needs exactly one of exact, prefix, regex or present",
    Name = "header-match-one-kind")]
public sealed record HeaderMatch
{
    /// <summary>The header name, matched case-insensitively. Required.</summary>
    [JsonPropertyName("name")]
    [Length(Min = 1, Max = 256)]
    [Pattern("^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")]
    public required string Name { get; init; }

    /// <summary>The value equals this string.</summary>
    [JsonPropertyName("exact")]
    [Length(Max = 4096)]
    public string? Exact { get; init; }

    /// <summary>The value starts with this string.</summary>
    [JsonPropertyName("prefix")]
    [Length(Min = 1, Max = 4096)]
    public string? Prefix { get; init; }

    /// <summary>The whole value matches this RE2 regular expression (checked by the planner).</summary>
    [JsonPropertyName("regex")]
    [Length(Min = 1, Max = 1024)]
    public string? Regex { get; init; }

    /// <summary>true: the header is present (any value); false: it is absent.</summary>
    [JsonPropertyName("present")]
    public bool? Present { get; init; }
}
