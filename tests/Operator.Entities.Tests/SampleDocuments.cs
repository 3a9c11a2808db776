using System.Text.Json.Nodes;

namespace Mesh.Operator.Entities.Tests;

/// <summary>The documents of the committed sample files, each with its own YAML text and its JSON tree.</summary>
internal static class SampleDocuments
{
    public sealed record Document(string File, int Index, string Yaml, JsonObject Tree)
    {
        public string? Kind => (string?)Tree["kind"];

        public string? ApiVersion => (string?)Tree["apiVersion"];
    }

    private static readonly Lazy<IReadOnlyList<Document>> ValidDocuments = new(() => RepoPaths.ValidSampleFiles().SelectMany(Read).ToList());

    public static IReadOnlyList<Document> Valid() => ValidDocuments.Value;

    public static IEnumerable<Document> Read(string path)
    {
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var parts = text.Split("\n---\n");
        for (var i = 0; i < parts.Length; i++)
        {
            if (YamlTree.LoadAll(parts[i]) is [JsonObject tree])
            {
                yield return new Document(RepoPaths.Relative(path), i, parts[i], tree);
            }
        }
    }

    public static IEnumerable<Document> OfKind(string apiVersion, string kind) =>
        Valid().Where(d => d.ApiVersion == apiVersion && d.Kind == kind);
}
