using System.Text.Json.Nodes;
using Mesh.LocalCluster.Errors;

namespace Mesh.LocalCluster.Selectors;

/// <summary>
/// The fieldSelector query string: "path=value", "path==value", "path!=value" joined by commas. Only the fields the
/// real server indexes for the resource are accepted, others get 400 "field label not supported".
/// </summary>
internal sealed class FieldSelector
{
    private readonly IReadOnlyList<(string Path, bool Equal, string Value)> _terms;

    private FieldSelector(IReadOnlyList<(string, bool, string)> terms) => _terms = terms;

    public static FieldSelector Everything { get; } = new([]);

    /// <summary>A single metadata.name=X term, if that is all the selector says (lets GET-by-name shortcut a list).</summary>
    public string? ExactName => _terms is [{ Path: "metadata.name", Equal: true } t] ? t.Value : null;

    public static FieldSelector Parse(string? text, Func<string, string?> storagePath)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = new List<(string, bool, string)>();
        foreach (var raw in text.Split(','))
        {
            var term = raw.Trim();
            if (term.Length == 0)
            {
                continue;
            }

            var (path, equal, value) = Split(term);
            var stored = storagePath(path) ?? throw ApiErrors.BadRequest($"field label not supported: {path}");
            terms.Add((stored, equal, value));
        }

        return new FieldSelector(terms);
    }

    public bool Matches(JsonObject obj) => _terms.All(t => string.Equals(Resolve(obj, t.Path), t.Value, StringComparison.Ordinal) == t.Equal);

    private static (string Path, bool Equal, string Value) Split(string term)
    {
        var notEqual = term.IndexOf("!=", StringComparison.Ordinal);
        if (notEqual > 0)
        {
            return (term[..notEqual].Trim(), false, term[(notEqual + 2)..].Trim());
        }

        var equal = term.IndexOf('=', StringComparison.Ordinal);
        if (equal <= 0)
        {
            throw ApiErrors.BadRequest($"invalid selector: '{term}'; can't understand '{term}'");
        }

        var valueStart = equal + 1 < term.Length && term[equal + 1] == '=' ? equal + 2 : equal + 1;
        return (term[..equal].Trim(), true, term[valueStart..].Trim());
    }

    private static string Resolve(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }

        return node is JsonValue value ? value.ToString() : "";
    }
}
