using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Http;

/// <summary>
/// A simplified server-side apply: the applied configuration is merged into the live object (maps recursively,
/// lists of named objects by name for built-ins, other lists replaced), and fields this field manager applied
/// before but no longer applies are removed. Ownership conflicts between managers are not detected and
/// managedFields are not written.
/// </summary>
internal sealed class ServerSideApply
{
    private readonly ConcurrentDictionary<(string Uid, string Manager), JsonObject> _lastApplied = new();

    public JsonObject Apply(JsonObject live, JsonObject applied, string uid, string manager, bool builtIn)
    {
        var result = (JsonObject)Merge(live.DeepClone(), applied, builtIn)!;
        if (_lastApplied.TryGetValue((uid, manager), out var previous))
        {
            RemoveDropped(result, previous, applied);
        }

        return result;
    }

    public void Remember(string uid, string manager, JsonObject applied) =>
        _lastApplied[(uid, manager)] = (JsonObject)applied.DeepClone();

    private static JsonNode? Merge(JsonNode? live, JsonNode? applied, bool builtIn)
    {
        if (applied is JsonObject appliedObject && live is JsonObject liveObject)
        {
            foreach (var (key, value) in appliedObject)
            {
                liveObject[key] = Merge(liveObject[key]?.DeepClone(), value, builtIn);
            }

            return liveObject;
        }

        if (builtIn && applied is JsonArray appliedList && live is JsonArray liveList && Named(appliedList) && Named(liveList))
        {
            var merged = new JsonArray();
            foreach (var item in appliedList)
            {
                var match = liveList.FirstOrDefault(l => l?["name"]?.ToString() == item!["name"]!.ToString());
                merged.Add(Merge(match?.DeepClone(), item, builtIn));
            }

            return merged;
        }

        return applied?.DeepClone();
    }

    private static bool Named(JsonArray list) => list.All(i => i is JsonObject o && o["name"] is JsonValue);

    private static void RemoveDropped(JsonObject result, JsonObject previous, JsonObject applied)
    {
        foreach (var (key, value) in previous)
        {
            if (key is "apiVersion" or "kind")
            {
                continue;
            }

            if (!applied.ContainsKey(key))
            {
                result.Remove(key);
            }
            else if (value is JsonObject previousChild && applied[key] is JsonObject appliedChild && result[key] is JsonObject resultChild)
            {
                RemoveDropped(resultChild, previousChild, appliedChild);
            }
        }
    }
}
