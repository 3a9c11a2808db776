using System.Globalization;
using System.Text.Json.Nodes;
using Mesh.LocalCluster.Http;

namespace Mesh.Operator.Entities.Tests;

/// <summary>
/// Reads YAML into JSON trees independently of the C# types, with the converter the API server and the operator use
/// (YAML 1.2 core scalars: a plain 9080 is a number, a quoted "9080" a string), so that a round trip through the types
/// can be compared against what the file really says.
/// </summary>
internal static class YamlTree
{
    public static IReadOnlyList<JsonNode?> LoadAll(string yaml) => YamlToJson.ConvertAll(yaml).Select(Normalize).ToList();

    public static JsonNode? Load(string yaml) => LoadAll(yaml).Single();

    /// <summary>Re-parses a tree so that every node is backed the same way and numbers compare by value.</summary>
    public static JsonNode? Normalize(JsonNode? node) => node is null ? null : JsonNode.Parse(node.ToJsonString());

    /// <summary>The node and every node under it, depth first, nulls left out.</summary>
    public static IEnumerable<JsonNode> DescendantsAndSelf(JsonNode? node)
    {
        if (node is null)
        {
            yield break;
        }

        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var descendant in children.SelectMany(DescendantsAndSelf))
        {
            yield return descendant;
        }
    }

    /// <summary>Appends every difference between two trees, by path; numbers compare by value.</summary>
    public static void Compare(JsonNode? expected, JsonNode? actual, string path, List<string> differences)
    {
        switch (expected, actual)
        {
            case (null, null):
                return;
            case (JsonObject e, JsonObject a):
                foreach (var (key, value) in e)
                {
                    if (!a.ContainsKey(key))
                    {
                        differences.Add($"{path}.{key}: lost (was {value?.ToJsonString()})");
                    }
                    else
                    {
                        Compare(value, a[key], $"{path}.{key}", differences);
                    }
                }

                foreach (var (key, value) in a)
                {
                    if (!e.ContainsKey(key))
                    {
                        differences.Add($"{path}.{key}: added ({value?.ToJsonString()})");
                    }
                }

                return;
            case (JsonArray e, JsonArray a):
                if (e.Count != a.Count)
                {
                    differences.Add($"{path}: {e.Count} items became {a.Count}");
                    return;
                }

                for (var i = 0; i < e.Count; i++)
                {
                    Compare(e[i], a[i], $"{path}[{i}]", differences);
                }

                return;
            case (JsonValue e, JsonValue a)
                when e.GetValueKind() == System.Text.Json.JsonValueKind.Number && a.GetValueKind() == System.Text.Json.JsonValueKind.Number:
                if (decimal.Parse(e.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture) !=
                    decimal.Parse(a.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture))
                {
                    differences.Add($"{path}: {e.ToJsonString()} became {a.ToJsonString()}");
                }

                return;
            default:
                if (!JsonNode.DeepEquals(expected, actual))
                {
                    differences.Add($"{path}: {expected?.ToJsonString() ?? "null"} became {actual?.ToJsonString() ?? "null"}");
                }

                return;
        }
    }
}
