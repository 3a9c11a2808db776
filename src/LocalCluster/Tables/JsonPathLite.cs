using System.Globalization;
using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Tables;

/// <summary>
/// The JSONPath subset CRD printer columns use: ".a.b", "[0]", "[*]" and "[?(@.type==\"Ready\")]" filters,
/// with or without surrounding braces. Returns every match (kubectl prints several joined by commas).
/// </summary>
internal static class JsonPathLite
{
    public static IReadOnlyList<JsonNode?> Evaluate(JsonNode? root, string path)
    {
        var expression = path.Trim();
        if (expression.StartsWith('{') && expression.EndsWith('}'))
        {
            expression = expression[1..^1];
        }

        if (expression.StartsWith('$'))
        {
            expression = expression[1..];
        }

        var current = new List<JsonNode?> { root };
        var i = 0;
        while (i < expression.Length && current.Count > 0)
        {
            if (expression[i] == '.')
            {
                var end = i + 1;
                while (end < expression.Length && expression[end] is not ('.' or '['))
                {
                    end++;
                }

                var key = expression[(i + 1)..end];
                current = key.Length == 0 ? current : current.Select(n => n is JsonObject o ? o[key] : null).Where(n => n is not null).ToList();
                i = end;
            }
            else if (expression[i] == '[')
            {
                var end = FindClose(expression, i);
                var inner = expression[(i + 1)..end];
                current = current.SelectMany(n => Index(n, inner)).ToList();
                i = end + 1;
            }
            else
            {
                return [];
            }
        }

        return current;
    }

    /// <summary>The text kubectl prints for the matches.</summary>
    public static string Print(IReadOnlyList<JsonNode?> matches) =>
        string.Join(",", matches.Select(m => m switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            null => "",
            _ => m.ToJsonString(),
        }));

    private static int FindClose(string expression, int open)
    {
        var depth = 0;
        for (var i = open; i < expression.Length; i++)
        {
            depth += expression[i] switch { '[' => 1, ']' => -1, _ => 0 };
            if (depth == 0)
            {
                return i;
            }
        }

        return expression.Length - 1;
    }

    private static IEnumerable<JsonNode?> Index(JsonNode? node, string inner)
    {
        if (node is not JsonArray array)
        {
            if (node is JsonObject o && (inner.StartsWith('\'') || inner.StartsWith('"')))
            {
                yield return o[inner.Trim('\'', '"')];
            }

            yield break;
        }

        if (inner == "*")
        {
            foreach (var item in array)
            {
                yield return item;
            }
        }
        else if (int.TryParse(inner, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
        {
            index = index < 0 ? array.Count + index : index;
            if (index >= 0 && index < array.Count)
            {
                yield return array[index];
            }
        }
        else if (inner.StartsWith("?(@", StringComparison.Ordinal) && inner.EndsWith(')'))
        {
            var filter = inner[3..^1];
            var op = filter.Contains("!=", StringComparison.Ordinal) ? "!=" : "==";
            var parts = filter.Split(op, 2);
            var field = parts[0].Trim();
            var expected = parts.Length > 1 ? parts[1].Trim().Trim('"', '\'') : null;
            foreach (var item in array)
            {
                var value = Evaluate(item, field);
                var text = value.Count == 0 ? null : Print(value);
                var matches = expected is null ? text is not null : (text == expected) == (op == "==");
                if (matches)
                {
                    yield return item;
                }
            }
        }
    }
}
