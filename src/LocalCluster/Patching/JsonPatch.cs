using System.Globalization;
using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Patching;

/// <summary>
/// RFC 6902 JSON patch. Error texts follow github.com/evanphx/json-patch v4 (patch.go), which the API server uses
/// and whose errors it returns verbatim with status 422, e.g.
/// <c>add operation does not apply: doc is missing path: "/spec/x": missing value</c>.
/// </summary>
internal static class JsonPatch
{
    public static JsonObject Apply(JsonObject current, JsonArray patch)
    {
        JsonNode document = current.DeepClone();
        foreach (var entry in patch)
        {
            if (entry is not JsonObject operation)
            {
                throw BadRequest("json: cannot unmarshal into Go value of type jsonpatch.Operation");
            }

            var op = StringMember(operation, "op") ?? throw Unprocessable("Unexpected kind: unknown");
            var path = StringMember(operation, "path");
            switch (op)
            {
                case "add":
                    document = Add(document, RequirePath(op, path), RequireValue(operation, op));
                    break;
                case "remove":
                    document = Remove(document, RequirePath(op, path), out _);
                    break;
                case "replace":
                    document = Replace(document, RequirePath(op, path), RequireValue(operation, op));
                    break;
                case "move":
                {
                    var from = StringMember(operation, "from") ?? throw Unprocessable("move operation failed to decode from");
                    document = Remove(document, from, out var moved);
                    document = Add(document, RequirePath(op, path), moved);
                    break;
                }

                case "copy":
                {
                    var from = StringMember(operation, "from") ?? throw Unprocessable("copy operation failed to decode from");
                    var (parent, key) = Resolve(document, from);
                    var value = parent is null ? null : Get(parent, key);
                    if (parent is null || (value is null && !Has(parent, key)))
                    {
                        throw Unprocessable($"copy operation does not apply: doc is missing from path: \"{from}\": missing value");
                    }

                    document = Add(document, RequirePath(op, path), value?.DeepClone());
                    break;
                }

                case "test":
                    Test(document, RequirePath(op, path), RequireValue(operation, op));
                    break;
                default:
                    throw Unprocessable($"Unexpected kind: {op}");
            }
        }

        return document as JsonObject ?? throw Unprocessable("the patch replaced the whole object with a non-object");
    }

    private static JsonNode Add(JsonNode document, string path, JsonNode? value)
    {
        if (path.Length == 0)
        {
            return value?.DeepClone() ?? throw Unprocessable("add operation does not apply: the root cannot be null");
        }

        var (parent, key) = Resolve(document, path);
        switch (parent)
        {
            case JsonObject obj:
                obj[key] = value?.DeepClone();
                return document;
            case JsonArray array:
            {
                var index = key == "-" ? array.Count : ParseIndex(key, path);
                if (index < 0 || index > array.Count)
                {
                    throw Unprocessable($"error in add for path: '{path}': Unable to access invalid index: {index.ToString(CultureInfo.InvariantCulture)}: invalid index referenced");
                }

                array.Insert(index, value?.DeepClone());
                return document;
            }

            default:
                throw Unprocessable($"add operation does not apply: doc is missing path: \"{path}\": missing value");
        }
    }

    private static JsonNode Remove(JsonNode document, string path, out JsonNode? removed)
    {
        var (parent, key) = Resolve(document, path);
        switch (parent)
        {
            case JsonObject obj when obj.ContainsKey(key):
                removed = obj[key];
                obj.Remove(key);
                return document;
            case JsonObject:
                throw Unprocessable($"error in remove for path: '{path}': Unable to remove nonexistent key: {key}: missing value");
            case JsonArray array:
            {
                var index = ParseIndex(key, path);
                if (index < 0 || index >= array.Count)
                {
                    throw Unprocessable($"error in remove for path: '{path}': Unable to access invalid index: {index.ToString(CultureInfo.InvariantCulture)}: invalid index referenced");
                }

                removed = array[index];
                array.RemoveAt(index);
                return document;
            }

            default:
                throw Unprocessable($"remove operation does not apply: doc is missing path: \"{path}\": missing value");
        }
    }

    private static JsonNode Replace(JsonNode document, string path, JsonNode? value)
    {
        if (path.Length == 0)
        {
            return value?.DeepClone() ?? throw Unprocessable("replace operation does not apply: the root cannot be null");
        }

        var (parent, key) = Resolve(document, path);
        if (parent is null)
        {
            throw Unprocessable($"replace operation does not apply: doc is missing path: \"{path}\": missing value");
        }

        if (!Has(parent, key))
        {
            throw Unprocessable($"replace operation does not apply: doc is missing key: {path}: missing value");
        }

        if (parent is JsonObject obj)
        {
            obj[key] = value?.DeepClone();
        }
        else
        {
            ((JsonArray)parent)[ParseIndex(key, path)] = value?.DeepClone();
        }

        return document;
    }

    private static void Test(JsonNode document, string path, JsonNode? expected)
    {
        JsonNode? actual;
        if (path.Length == 0)
        {
            actual = document;
        }
        else
        {
            var (parent, key) = Resolve(document, path);
            if (parent is null)
            {
                throw Unprocessable($"test operation does not apply: is missing path: \"{path}\": missing value");
            }

            actual = Get(parent, key);
        }

        if (!JsonNode.DeepEquals(actual, expected))
        {
            throw Unprocessable($"testing value {path} failed: test failed");
        }
    }

    /// <summary>Finds the container of the last token of <paramref name="path"/>; null when an intermediate step is missing.</summary>
    private static (JsonNode? Parent, string Key) Resolve(JsonNode document, string path)
    {
        if (!path.StartsWith('/'))
        {
            throw Unprocessable($"JSON pointer must be empty or start with a \"/\": {path}");
        }

        var tokens = path[1..].Split('/').Select(Unescape).ToArray();
        JsonNode? node = document;
        for (var i = 0; i < tokens.Length - 1 && node is not null; i++)
        {
            node = node switch
            {
                JsonObject obj => obj[tokens[i]],
                JsonArray array when int.TryParse(tokens[i], NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count => array[index],
                _ => null,
            };
        }

        return (node is JsonObject or JsonArray ? node : null, tokens[^1]);
    }

    private static JsonNode? Get(JsonNode parent, string key) => parent switch
    {
        JsonObject obj => obj[key],
        JsonArray array when int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count => array[index],
        _ => null,
    };

    private static bool Has(JsonNode parent, string key) => parent switch
    {
        JsonObject obj => obj.ContainsKey(key),
        JsonArray array => int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count,
        _ => false,
    };

    private static int ParseIndex(string key, string path) =>
        int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : throw Unprocessable($"error in operation for path: '{path}': Unable to access invalid index: {key}: invalid index referenced");

    private static string Unescape(string token) => token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    private static string? StringMember(JsonObject operation, string name) =>
        operation[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string RequirePath(string op, string? path) =>
        path ?? throw Unprocessable($"{op} operation failed to decode path");

    private static JsonNode? RequireValue(JsonObject operation, string op) =>
        operation.TryGetPropertyValue("value", out var value) ? value : throw Unprocessable($"{op} operation does not apply: missing value");

    private static PatchException Unprocessable(string message) => new(message, 422, "Invalid");

    private static PatchException BadRequest(string message) => new(message, 400, "BadRequest");
}
