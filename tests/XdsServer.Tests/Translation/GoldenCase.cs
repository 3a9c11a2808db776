using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mesh.XdsServer.Model;

namespace Mesh.XdsServer.Tests.Translation;

/// <summary>One folder under testdata: model.json and scope.json in, the expected xDS JSON files beside them.</summary>
internal sealed record GoldenCase(string Name, string Directory)
{
    public static readonly JsonSerializerOptions ModelJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(), new DurationJsonConverter() },
    };

    public static string Root([CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, "testdata");

    public static IEnumerable<GoldenCase> All() =>
        System.IO.Directory.GetDirectories(Root())
            .Order(StringComparer.Ordinal)
            .Select(d => new GoldenCase(Path.GetFileName(d), d));

    public MeshModel Model => Read<MeshModel>("model.json");

    public ProxyScope Scope => Read<ProxyScope>("scope.json");

    private T Read<T>(string file) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(Path.Combine(Directory, file)), ModelJson)
        ?? throw new InvalidOperationException($"{Name}/{file} is empty");
}
