using System.Text.Json.Nodes;
using Mesh.LocalCluster.Http;

namespace Mesh.LocalCluster.Tests.Validation;

/// <summary>YAML test inputs as the JSON kubectl would send: the embedded API's own converter, so the two cannot drift.</summary>
internal static class Yaml
{
    public static JsonObject Obj(string yaml) => Documents(yaml).Single()!.AsObject();

    /// <summary>The non-empty documents of <paramref name="yaml"/>.</summary>
    public static IReadOnlyList<JsonNode?> Documents(string yaml) => YamlToJson.ConvertAll(yaml).Where(n => n is not null).ToList();
}
