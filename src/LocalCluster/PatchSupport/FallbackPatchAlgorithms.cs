using System.Globalization;
using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.PatchSupport;

/// <summary>
/// RFC 7386 merge patch, RFC 6902 JSON patch and an approximate strategic merge patch (lists of objects merged by
/// "name", $patch/$setElementOrder/$retainKeys/$deleteFromPrimitiveList directives) used until PatchEngine is merged.
/// </summary>
internal sealed class FallbackPatchAlgorithms : IPatchAlgorithms
{
    public JsonObject ApplyMergePatch(JsonObject current, JsonNode patch) =>
        Merge(current.DeepClone(), patch, strategic: false) as JsonObject
        ?? throw new PatchFailedException("a merge patch must be a JSON object");

    public JsonObject ApplyStrategicMergePatch(JsonObject current, JsonObject patch, string group, string kind) =>
        (JsonObject)Merge(current.DeepClone(), patch, strategic: true)!;

    public JsonObject ApplyJsonPatch(JsonObject current, JsonArray patch)
    {
        JsonNode root = current.DeepClone();
        foreach (var op in patch)
        {
            var name = (string?)op?["op"] ?? throw new PatchFailedException("missing op in JSON patch");
            var path = (string?)op?["path"] ?? throw new PatchFailedException($"missing path in \"{name}\" operation");
            switch (name)
            {
                case "add": Add(root, path, op!["value"]?.DeepClone()); break;
                case "remove": Remove(root, path); break;
                case "replace": Remove(root, path); Add(root, path, op!["value"]?.DeepClone()); break;
                case "move": { var v = Get(root, (string)op!["from"]!); Remove(root, (string)op["from"]!); Add(root, path, v); break; }
                case "copy": Add(root, path, Get(root, (string)op!["from"]!)?.DeepClone()); break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(root, path), op!["value"]))
                    {
                        throw new PatchFailedException($"testing value {path} failed: test failed");
                    }

                    break;
                default: throw new PatchFailedException($"Unexpected kind: {name}");
            }
        }

        return root as JsonObject ?? throw new PatchFailedException("the patched document is not an object");
    }

    private static JsonNode? Merge(JsonNode? target, JsonNode? patch, bool strategic)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? new JsonObject();
        if (strategic && (string?)patchObject["$patch"] == "replace")
        {
            var replaced = (JsonObject)patchObject.DeepClone();
            replaced.Remove("$patch");
            return replaced;
        }

        foreach (var (key, value) in patchObject)
        {
            if (strategic && key.StartsWith('$'))
            {
                if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal) && value is JsonArray drop)
                {
                    var field = key["$deleteFromPrimitiveList/".Length..];
                    if (result[field] is JsonArray list)
                    {
                        foreach (var item in list.Where(i => drop.Any(d => JsonNode.DeepEquals(d, i))).ToList())
                        {
                            list.Remove(item);
                        }
                    }
                }

                continue;
            }

            if (value is null)
            {
                result.Remove(key);
            }
            else if (strategic && value is JsonArray patchList && result[key] is JsonArray currentList && IsNamedList(patchList, currentList))
            {
                result[key] = MergeNamedLists(currentList, patchList);
            }
            else
            {
                result[key] = Merge(result[key]?.DeepClone(), value, strategic);
            }
        }

        return result;
    }

    private static bool IsNamedList(JsonArray patch, JsonArray current) =>
        patch.Count > 0 && patch.All(i => i is JsonObject o && o["name"] is JsonValue)
        && current.All(i => i is JsonObject o && o["name"] is JsonValue);

    private static JsonArray MergeNamedLists(JsonArray current, JsonArray patch)
    {
        var items = current.Select(i => i!.DeepClone()).ToList();
        foreach (var change in patch.OfType<JsonObject>())
        {
            var name = change["name"]!.ToString();
            var index = items.FindIndex(i => i["name"]?.ToString() == name);
            if ((string?)change["$patch"] == "delete")
            {
                if (index >= 0)
                {
                    items.RemoveAt(index);
                }
            }
            else if (index >= 0)
            {
                items[index] = Merge(items[index], change, strategic: true)!;
            }
            else
            {
                items.Add(Merge(null, change, strategic: true)!);
            }
        }

        return new JsonArray(items.ToArray());
    }

    private static (JsonNode Parent, string Key) Locate(JsonNode root, string path)
    {
        if (path.Length == 0 || path[0] != '/')
        {
            throw new PatchFailedException($"invalid JSON pointer \"{path}\"");
        }

        var parts = path[1..].Split('/').Select(p => p.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
        var node = root;
        foreach (var part in parts[..^1])
        {
            node = Child(node, part) ?? throw new PatchFailedException($"doc is missing path: \"{path}\": missing value");
        }

        return (node, parts[^1]);
    }

    private static JsonNode? Child(JsonNode node, string key) => node switch
    {
        JsonObject o => o[key],
        JsonArray a when int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
        _ => null,
    };

    private static JsonNode? Get(JsonNode root, string path)
    {
        var (parent, key) = Locate(root, path);
        return Child(parent, key);
    }

    private static void Add(JsonNode root, string path, JsonNode? value)
    {
        var (parent, key) = Locate(root, path);
        switch (parent)
        {
            case JsonObject o:
                o[key] = value;
                break;
            case JsonArray a when key == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw new PatchFailedException($"doc is missing path: \"{path}\": missing value");
        }
    }

    private static void Remove(JsonNode root, string path)
    {
        var (parent, key) = Locate(root, path);
        var removed = parent switch
        {
            JsonObject o => o.Remove(key),
            JsonArray a when int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => Do(() => a.RemoveAt(i)),
            _ => false,
        };
        if (!removed)
        {
            throw new PatchFailedException($"doc is missing path: \"{path}\": missing value");
        }
    }

    private static bool Do(Action action)
    {
        action();
        return true;
    }
}
