using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Semantics.Defaults;

/// <summary>Small helpers for defaulting a JSON object in place: set only what is absent, as Go defaulters do.</summary>
internal static class JsonDefaults
{
    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/> when it is missing, null or an empty string.</summary>
    public static void Set(JsonObject obj, string key, JsonNode value)
    {
        if (obj[key] is null || (obj[key] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0))
        {
            obj[key] = value;
        }
    }

    /// <summary>The object at <paramref name="key"/>, or null when it is absent or not an object.</summary>
    public static JsonObject? Child(JsonObject? obj, string key) => obj?[key] as JsonObject;

    /// <summary>The object at <paramref name="key"/>, created empty when absent.</summary>
    public static JsonObject Ensure(JsonObject obj, string key)
    {
        if (obj[key] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        obj[key] = created;
        return created;
    }

    /// <summary>The objects of the array at <paramref name="key"/> (none when absent).</summary>
    public static IEnumerable<JsonObject> Items(JsonObject? obj, string key) =>
        obj?[key] is JsonArray array ? array.OfType<JsonObject>() : [];

    public static string? String(JsonObject? obj, string key) =>
        obj?[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
