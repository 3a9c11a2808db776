using YamlDotNet.Serialization;

namespace Mesh.Meshctl.Tests;

/// <summary>One entry of config/samples/invalid/expectations.yaml (see its header for the fields).</summary>
internal sealed record InvalidSampleCase(string File, string Field, string Catcher, bool Warning, bool WithShopPolicy, bool Pending)
{
    private static readonly Lazy<IReadOnlyList<InvalidSampleCase>> All = new(Load);

    public static IReadOnlyList<InvalidSampleCase> Cases => All.Value;

    private static List<InvalidSampleCase> Load()
    {
        var text = System.IO.File.ReadAllText(MeshctlRun.Repo("config", "samples", "invalid", "expectations.yaml"));
        var root = new DeserializerBuilder().IgnoreUnmatchedProperties().Build().Deserialize<Dictionary<string, List<Dictionary<string, object>>>>(text);
        return root["cases"].Select(c => new InvalidSampleCase(
            (string)c["file"],
            (string)c["field"],
            (string)c["catcher"],
            c.GetValueOrDefault("severity") as string == "warning",
            c.GetValueOrDefault("withShopPolicy") as string == "true",
            c.GetValueOrDefault("pending") as string == "true")).ToList();
    }
}
