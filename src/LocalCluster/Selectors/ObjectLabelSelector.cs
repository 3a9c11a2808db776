using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Selectors;

/// <summary>
/// A metav1.LabelSelector object (matchLabels and matchExpressions with In, NotIn, Exists, DoesNotExist) matched
/// against a label map. Null or empty selects everything, as in LabelSelectorAsSelector.
/// </summary>
internal static class ObjectLabelSelector
{
    public static bool Matches(JsonObject? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is null)
        {
            return true;
        }

        return Requirements(selector).All(r => r.Matches(labels));
    }

    /// <summary>The labels of an object (metadata.labels); empty when it has none or is null.</summary>
    public static Dictionary<string, string> LabelsOf(JsonObject? obj)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj?["metadata"]?["labels"] is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                labels[key] = value?.ToString() ?? "";
            }
        }

        return labels;
    }

    private static IEnumerable<LabelRequirement> Requirements(JsonObject selector)
    {
        if (selector["matchLabels"] is JsonObject matchLabels)
        {
            foreach (var (key, value) in matchLabels)
            {
                yield return new LabelRequirement(key, "=", [value?.ToString() ?? ""]);
            }
        }

        if (selector["matchExpressions"] is not JsonArray expressions)
        {
            yield break;
        }

        foreach (var expression in expressions.OfType<JsonObject>())
        {
            var key = (string?)expression["key"] ?? "";
            var values = expression["values"] is JsonArray array ? array.Select(v => v?.ToString() ?? "").ToList() : [];
            var op = (string?)expression["operator"] switch
            {
                "In" => "in",
                "NotIn" => "notin",
                "Exists" => "exists",
                "DoesNotExist" => "!",
                // An unknown operator never matches (LabelSelectorAsSelector fails, so nothing is selected).
                _ => "invalid",
            };
            yield return new LabelRequirement(key, op, values);
        }
    }
}
