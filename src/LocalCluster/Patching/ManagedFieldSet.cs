using System.Text;
using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Patching;

/// <summary>
/// The fields one manager owns, as paths of FieldsV1 segments (<c>f:name</c>, <c>k:{"name":"nginx"}</c>,
/// <c>v:"value"</c>), following sigs.k8s.io/structured-merge-diff fieldpath. Leaves are owned values; items are keyed list
/// elements, recorded as <c>".": {}</c> in FieldsV1.
/// </summary>
internal sealed class ManagedFieldSet
{
    private const char Separator = '\n';

    // Server-set or identity fields that server-side apply does not track.
    private static readonly HashSet<string> Untracked = new(StringComparer.Ordinal)
    {
        "f:apiVersion", "f:kind", "f:metadata\nf:name", "f:metadata\nf:namespace", "f:metadata\nf:managedFields",
        "f:metadata\nf:resourceVersion", "f:metadata\nf:uid", "f:metadata\nf:creationTimestamp", "f:metadata\nf:generation",
        "f:metadata\nf:selfLink", "f:metadata\nf:deletionTimestamp", "f:metadata\nf:deletionGracePeriodSeconds",
    };

    public HashSet<string> Leaves { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Items { get; } = new(StringComparer.Ordinal);

    public bool IsEmpty => Leaves.Count == 0 && Items.Count == 0;

    public static ManagedFieldSet FromObject(JsonObject obj, string group, string kind)
    {
        var set = new ManagedFieldSet();
        set.Walk(obj, "", "", group, kind);
        return set;
    }

    public static ManagedFieldSet FromFieldsV1(JsonObject? fields)
    {
        var set = new ManagedFieldSet();
        if (fields is not null)
        {
            set.WalkFields(fields, "");
        }

        return set;
    }

    public JsonObject ToFieldsV1()
    {
        var root = new JsonObject();
        foreach (var leaf in Leaves.Order(StringComparer.Ordinal))
        {
            Ensure(root, leaf);
        }

        foreach (var item in Items.Order(StringComparer.Ordinal))
        {
            Ensure(root, item)["."] = new JsonObject();
        }

        return root;
    }

    /// <summary>The value a path points at, or null (also for a JSON null).</summary>
    public static JsonNode? Lookup(JsonNode? node, string path)
    {
        foreach (var segment in Split(path))
        {
            node = Step(node, segment, out _, out _);
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>Removes the value at a path from <paramref name="root"/> if it is there.</summary>
    public static void Remove(JsonObject root, string path)
    {
        var segments = Split(path);
        JsonNode? node = root;
        for (var i = 0; i < segments.Length - 1 && node is not null; i++)
        {
            node = Step(node, segments[i], out _, out _);
        }

        if (node is null)
        {
            return;
        }

        Step(node, segments[^1], out var parentObjectKey, out var parentArrayIndex);
        if (parentObjectKey is not null && node is JsonObject obj)
        {
            obj.Remove(parentObjectKey);
        }
        else if (parentArrayIndex >= 0 && node is JsonArray array)
        {
            array.RemoveAt(parentArrayIndex);
        }
    }

    /// <summary>The path as the API server prints it in a conflict: <c>.spec.containers[name="nginx"].image</c>.</summary>
    public static string Display(string path)
    {
        var text = new StringBuilder();
        foreach (var segment in Split(path))
        {
            var body = segment[2..];
            switch (segment[0])
            {
                case 'f':
                    text.Append('.').Append(body);
                    break;
                case 'k':
                    var keys = JsonNode.Parse(body)!.AsObject();
                    text.Append('[').Append(string.Join(",", keys.Select(k => $"{k.Key}={k.Value?.ToJsonString()}"))).Append(']');
                    break;
                default:
                    text.Append("[=").Append(body).Append(']');
                    break;
            }
        }

        return text.ToString();
    }

    private static string[] Split(string path) => path.Split(Separator);

    private static JsonNode? Step(JsonNode? node, string segment, out string? objectKey, out int arrayIndex)
    {
        objectKey = null;
        arrayIndex = -1;
        var body = segment[2..];
        switch (segment[0])
        {
            case 'f' when node is JsonObject obj:
                objectKey = body;
                return obj[body];
            case 'k' when node is JsonArray array:
            {
                var keys = JsonNode.Parse(body)!.AsObject();
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonObject element && keys.All(k => JsonNode.DeepEquals(element[k.Key], k.Value)))
                    {
                        arrayIndex = i;
                        return element;
                    }
                }

                return null;
            }

            case 'v' when node is JsonArray array:
            {
                var value = JsonNode.Parse(body);
                for (var i = 0; i < array.Count; i++)
                {
                    if (JsonNode.DeepEquals(array[i], value))
                    {
                        arrayIndex = i;
                        return array[i];
                    }
                }

                return null;
            }

            default:
                return null;
        }
    }

    private void Walk(JsonNode? node, string path, string fieldPath, string group, string kind)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count > 0:
                foreach (var (key, value) in obj)
                {
                    var childPath = Join(path, "f:" + key);
                    if (!Untracked.Contains(childPath))
                    {
                        Walk(value, childPath, fieldPath.Length == 0 ? key : $"{fieldPath}.{key}", group, kind);
                    }
                }

                break;
            case JsonArray array when PatchMergeKeys.Find(group, kind, fieldPath) is { } strategy:
                foreach (var element in array)
                {
                    if (strategy.MergeKey is null)
                    {
                        Leaves.Add(Join(path, "v:" + (element?.ToJsonString() ?? "null")));
                    }
                    else if (element is JsonObject item && item[strategy.MergeKey] is { } key)
                    {
                        var itemPath = Join(path, "k:" + new JsonObject { [strategy.MergeKey] = key.DeepClone() }.ToJsonString());
                        Items.Add(itemPath);
                        Walk(item, itemPath, fieldPath, group, kind);
                    }
                }

                break;
            default:
                Leaves.Add(path);
                break;
        }
    }

    private void WalkFields(JsonObject fields, string path)
    {
        foreach (var (key, value) in fields)
        {
            if (key == ".")
            {
                Items.Add(path);
                continue;
            }

            var childPath = Join(path, key);
            if (value is JsonObject children && children.Any(c => c.Key != "."))
            {
                WalkFields(children, childPath);
                if (children.ContainsKey("."))
                {
                    Items.Add(childPath);
                }
            }
            else if (value is JsonObject { Count: 1 } onlyDot && onlyDot.ContainsKey("."))
            {
                Items.Add(childPath);
            }
            else
            {
                Leaves.Add(childPath);
            }
        }
    }

    private static JsonObject Ensure(JsonObject root, string path)
    {
        var node = root;
        foreach (var segment in Split(path))
        {
            if (node[segment] is not JsonObject child)
            {
                child = new JsonObject();
                node[segment] = child;
            }

            node = child;
        }

        return node;
    }

    private static string Join(string path, string segment) => path.Length == 0 ? segment : path + Separator + segment;
}
