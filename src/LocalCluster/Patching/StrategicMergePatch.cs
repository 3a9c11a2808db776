using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Patching;

/// <summary>
/// Strategic merge patch for built-in kinds (k8s.io/apimachinery/pkg/util/strategicpatch/patch.go semantics):
/// maps merge recursively and null deletes; lists with a merge key (<see cref="PatchMergeKeys"/>) merge element by
/// element; merged primitive lists (finalizers) are sets; every other list is replaced. Directives: <c>$patch:
/// replace|delete</c> on maps and list elements, <c>$setElementOrder/&lt;field&gt;</c>, <c>$retainKeys</c> and
/// <c>$deleteFromPrimitiveList/&lt;field&gt;</c>.
/// </summary>
internal sealed class StrategicMergePatch
{
    private const string Directive = "$patch";
    private const string SetElementOrderPrefix = "$setElementOrder/";
    private const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/";
    private const string RetainKeys = "$retainKeys";

    private readonly string _group;
    private readonly string _kind;

    public StrategicMergePatch(string group, string kind)
    {
        _group = group;
        _kind = kind;
    }

    public JsonObject Apply(JsonObject current, JsonObject patch) =>
        MergeMap((JsonObject)current.DeepClone(), patch, "")
        ?? throw new PatchException("a strategic merge patch cannot delete the whole object with $patch: delete", 422, "Invalid");

    /// <summary>Merges <paramref name="patch"/> into <paramref name="target"/> (owned, mutated); null means "delete this map".</summary>
    private JsonObject? MergeMap(JsonObject target, JsonObject patch, string path)
    {
        switch (DirectiveOf(patch))
        {
            case "replace":
                return WithoutDirectives(patch);
            case "delete":
                return null;
            case null:
                break;
            case var other:
                throw new PatchException($"Unknown patch type: {other} in map: {patch.ToJsonString()}", 400, "BadRequest");
        }

        foreach (var (key, value) in patch)
        {
            if (key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal) && value is JsonArray toDelete)
            {
                var field = key[DeleteFromPrimitiveListPrefix.Length..];
                if (target[field] is JsonArray list)
                {
                    RemoveWhere(list, item => toDelete.Any(d => JsonNode.DeepEquals(d, item)));
                }
            }
        }

        foreach (var (key, value) in patch)
        {
            if (key.StartsWith('$'))
            {
                continue;
            }

            var childPath = path.Length == 0 ? key : $"{path}.{key}";
            switch (value)
            {
                case null:
                    target.Remove(key);
                    break;
                case JsonObject childPatch:
                {
                    var merged = MergeMap(target[key] is JsonObject existing ? (JsonObject)existing.DeepClone() : [], childPatch, childPath);
                    if (merged is null)
                    {
                        target.Remove(key);
                    }
                    else
                    {
                        target[key] = merged;
                    }

                    break;
                }

                case JsonArray childList:
                    target[key] = MergeList(target[key] as JsonArray, childList, childPath);
                    break;
                default:
                    target[key] = value.DeepClone();
                    break;
            }
        }

        foreach (var (key, value) in patch)
        {
            if (key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal) && value is JsonArray order)
            {
                var field = key[SetElementOrderPrefix.Length..];
                if (target[field] is JsonArray list)
                {
                    var strategy = PatchMergeKeys.Find(_group, _kind, path.Length == 0 ? field : $"{path}.{field}");
                    target[field] = Reorder(list, order, strategy?.MergeKey);
                }
            }
        }

        if (patch[RetainKeys] is JsonArray retain)
        {
            var keep = retain.Select(k => k?.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            foreach (var key in target.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
            {
                target.Remove(key);
            }
        }

        return target;
    }

    private JsonArray MergeList(JsonArray? original, JsonArray patch, string path)
    {
        var strategy = PatchMergeKeys.Find(_group, _kind, path);
        if (strategy is null || original is null && !patch.Any(IsDirectiveElement))
        {
            return strategy is null ? (JsonArray)patch.DeepClone() : MergeList(new JsonArray(), patch, path);
        }

        if (patch.Any(e => e is JsonObject o && DirectiveOf(o) == "replace" && strategy.MergeKey is not null && !o.ContainsKey(strategy.MergeKey)))
        {
            return new JsonArray(patch.Where(e => !IsDirectiveElement(e)).Select(e => e?.DeepClone()).ToArray());
        }

        var result = original is null ? [] : (JsonArray)original.DeepClone();
        if (strategy.MergeKey is null)
        {
            foreach (var item in patch)
            {
                if (!result.Any(existing => JsonNode.DeepEquals(existing, item)))
                {
                    result.Add(item?.DeepClone());
                }
            }

            return result;
        }

        var mergeKey = strategy.MergeKey;
        foreach (var item in patch)
        {
            if (item is not JsonObject element)
            {
                throw new PatchException($"unable to find api field in struct for the merge key \"{mergeKey}\": {path} contains a non-object element", 400, "BadRequest");
            }

            if (!element.TryGetPropertyValue(mergeKey, out var keyValue))
            {
                throw new PatchException($"map: {element.ToJsonString()} does not contain declared merge key: {mergeKey}", 400, "BadRequest");
            }

            var index = IndexOf(result, mergeKey, keyValue);
            if (DirectiveOf(element) == "delete")
            {
                RemoveWhere(result, e => e is JsonObject o && JsonNode.DeepEquals(o[mergeKey], keyValue));
                continue;
            }

            if (index >= 0)
            {
                result[index] = MergeMap((JsonObject)result[index]!.DeepClone(), element, path);
            }
            else
            {
                result.Add(MergeMap([], element, path));
            }
        }

        return result;
    }

    private static JsonArray Reorder(JsonArray list, JsonArray order, string? mergeKey)
    {
        JsonNode? Identity(JsonNode? item) => mergeKey is null ? item : (item as JsonObject)?[mergeKey];

        var ordered = new List<JsonNode?>();
        var remaining = list.Select(i => i?.DeepClone()).ToList();
        foreach (var wanted in order)
        {
            var id = Identity(wanted);
            var match = remaining.FindIndex(i => JsonNode.DeepEquals(Identity(i), id));
            if (match >= 0)
            {
                ordered.Add(remaining[match]);
                remaining.RemoveAt(match);
            }
        }

        // Items the server has and the patch does not mention keep their relative order after the ordered ones.
        ordered.AddRange(remaining);
        return new JsonArray(ordered.ToArray());
    }

    private static int IndexOf(JsonArray list, string mergeKey, JsonNode? keyValue)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject o && JsonNode.DeepEquals(o[mergeKey], keyValue))
            {
                return i;
            }
        }

        return -1;
    }

    private static void RemoveWhere(JsonArray list, Func<JsonNode?, bool> predicate)
    {
        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (predicate(list[i]))
            {
                list.RemoveAt(i);
            }
        }
    }

    private static bool IsDirectiveElement(JsonNode? element) => element is JsonObject o && DirectiveOf(o) is not null;

    private static string? DirectiveOf(JsonObject map) =>
        map[Directive] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;

    private static JsonObject WithoutDirectives(JsonObject map)
    {
        var result = new JsonObject();
        foreach (var (key, value) in map)
        {
            if (!key.StartsWith('$'))
            {
                result[key] = value?.DeepClone();
            }
        }

        return result;
    }
}
