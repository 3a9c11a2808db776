using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mesh.LocalCluster.Errors;

namespace Mesh.LocalCluster.Selectors;

/// <summary>
/// The labelSelector query string: terms joined by commas, each "k=v", "k==v", "k!=v", "k in (a,b)",
/// "k notin (a,b)", "k", "!k", "k>n", "k<n" (grammar of k8s.io/apimachinery/pkg/labels/selector.go).
/// </summary>
internal sealed partial class LabelSelector
{
    private readonly IReadOnlyList<LabelRequirement> _requirements;

    private LabelSelector(IReadOnlyList<LabelRequirement> requirements) => _requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public bool IsEmpty => _requirements.Count == 0;

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<LabelRequirement>();
        foreach (var term in SplitTerms(text))
        {
            requirements.Add(ParseTerm(term.Trim(), text));
        }

        return new LabelSelector(requirements);
    }

    public bool Matches(JsonObject obj)
    {
        if (_requirements.Count == 0)
        {
            return true;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj["metadata"]?["labels"] is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                labels[key] = value?.ToString() ?? "";
            }
        }

        return _requirements.All(r => r.Matches(labels));
    }

    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    private static LabelRequirement ParseTerm(string term, string whole)
    {
        var set = SetTerm().Match(term);
        if (set.Success)
        {
            var values = set.Groups["values"].Value.Split(',').Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
            return new LabelRequirement(CheckKey(set.Groups["key"].Value, whole), set.Groups["op"].Value, values);
        }

        var cmp = CompareTerm().Match(term);
        if (cmp.Success)
        {
            return new LabelRequirement(CheckKey(cmp.Groups["key"].Value, whole), cmp.Groups["op"].Value, [cmp.Groups["value"].Value.Trim()]);
        }

        if (term.StartsWith('!'))
        {
            return new LabelRequirement(CheckKey(term[1..].Trim(), whole), "!", []);
        }

        return new LabelRequirement(CheckKey(term, whole), "exists", []);
    }

    private static string CheckKey(string key, string whole) =>
        KeyPattern().IsMatch(key)
            ? key
            : throw ApiErrors.BadRequest($"unable to parse requirement: found '{key}', expected: identifier (in selector \"{whole}\")");

    [GeneratedRegex(@"^(?<key>[^\s!=<>()]+)\s+(?<op>in|notin)\s*\((?<values>[^)]*)\)$")]
    private static partial Regex SetTerm();

    [GeneratedRegex(@"^(?<key>[^\s!=<>()]+)\s*(?<op>==|!=|=|>|<)\s*(?<value>[^\s,()]*)$")]
    private static partial Regex CompareTerm();

    [GeneratedRegex(@"^([A-Za-z0-9][-A-Za-z0-9_.]*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex KeyPattern();
}
