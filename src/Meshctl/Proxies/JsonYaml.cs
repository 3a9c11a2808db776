using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace Mesh.Meshctl.Proxies;

/// <summary>JSON as YAML (kubectl -o yaml's look): objects and arrays become maps and lists, scalars keep their type.</summary>
internal static class JsonYaml
{
    private static readonly ISerializer Serializer = new SerializerBuilder().DisableAliases().Build();

    public static string Write(JsonNode node) => Serializer.Serialize(Plain(node));

    private static object? Plain(JsonNode? node) => node switch
    {
        JsonObject o => o.ToDictionary(kv => kv.Key, kv => Plain(kv.Value)),
        JsonArray a => a.Select(Plain).ToList(),
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        JsonValue v => v.ToString(),
        _ => null,
    };
}
