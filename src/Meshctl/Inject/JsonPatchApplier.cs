using System.Globalization;
using System.Text.Json.Nodes;

namespace Mesh.Meshctl.Inject;

/// <summary>
/// Applies the RFC 6902 operations the injector emits (add, replace, remove) to a document in place, as the API server
/// applies the webhook's patch. Small on purpose: meshctl must not depend on the embedded API server's internals.
/// </summary>
internal static class JsonPatchApplier
{
    public static void Apply(JsonObject document, JsonArray patch)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(patch);
        foreach (var operation in patch.OfType<JsonObject>())
        {
            var op = (string?)operation["op"] ?? throw new InvalidOperationException("a patch operation has no op");
            var path = (string?)operation["path"] ?? throw new InvalidOperationException("a patch operation has no path");
            var tokens = path.Split('/')[1..].Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
            JsonNode parent = document;
            foreach (var token in tokens[..^1])
            {
                parent = parent switch
                {
                    JsonObject o => o[token] ?? throw new InvalidOperationException($"{path}: no {token}"),
                    JsonArray a => a[int.Parse(token, CultureInfo.InvariantCulture)] ?? throw new InvalidOperationException($"{path}: no {token}"),
                    _ => throw new InvalidOperationException($"{path}: {token} is not a container"),
                };
            }
            var last = tokens[^1];
            var value = operation["value"]?.DeepClone();
            switch (parent, op)
            {
                case (JsonObject o, "add" or "replace"):
                    o[last] = value;
                    break;
                case (JsonObject o, "remove"):
                    o.Remove(last);
                    break;
                case (JsonArray a, "add"):
                    if (last == "-")
                    {
                        a.Add(value);
                    }
                    else
                    {
                        a.Insert(int.Parse(last, CultureInfo.InvariantCulture), value);
                    }
                    break;
                case (JsonArray a, "replace"):
                    a[int.Parse(last, CultureInfo.InvariantCulture)] = value;
                    break;
                case (JsonArray a, "remove"):
                    a.RemoveAt(int.Parse(last, CultureInfo.InvariantCulture));
                    break;
                default:
                    throw new InvalidOperationException($"{op} {path} is not supported");
            }
        }
    }
}
