using System.Text.Json.Nodes;
using Mesh.Testing;

namespace Mesh.Operator.Entities.Tests;

/// <summary>The documents of the committed sample files, each with its own YAML text and its JSON tree.</summary>
internal static class SampleDocuments
{
    public sealed record Document(string File, int Index, string Yaml, JsonObject Tree)
    {
        public string? Kind => (string?)Tree["kind"];

        public string? ApiVersion => (string?)Tree["apiVersion"];
    }

    private static readonly Lazy<IReadOnlyList<Document>> ValidDocuments = new(() => ValidSampleFiles().SelectMany(Read).ToList());

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

    /// <summary>Sample files of valid objects: everything under config/samples except the invalid folder.</summary>
    private static IEnumerable<string> ValidSampleFiles() =>
        Directory.EnumerateFiles(RepoPaths.Samples, "*.yaml", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(RepoPaths.Samples, f).StartsWith("invalid", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
}
