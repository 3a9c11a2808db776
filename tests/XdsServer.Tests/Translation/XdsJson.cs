using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;

namespace Mesh.XdsServer.Tests.Translation;

/// <summary>Renders resources as indented proto3 JSON with the Any payloads expanded (readable goldens).</summary>
internal static class XdsJson
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(Mesh.XdsServer.Debug.EnvoyTypeRegistry.Instance));

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Render(IEnumerable<IMessage> messages)
    {
        var array = new JsonArray();
        foreach (var message in messages)
        {
            array.Add(JsonNode.Parse(Formatter.Format(message)));
        }
        return array.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";
    }

    public static string Render<T>(IReadOnlyDictionary<string, T> map) =>
        JsonSerializer.Serialize(new SortedDictionary<string, T>(map.ToDictionary(), StringComparer.Ordinal), Indented)
            .ReplaceLineEndings("\n") + "\n";
}
