using System.Diagnostics;
using System.Text.Json.Nodes;
using Mesh.LocalCluster.Http;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests.Install;

/// <summary>What kubectl's built-in kustomize renders from a folder of config/, parsed into objects.</summary>
internal sealed record Rendered(string Yaml, IReadOnlyList<JsonObject> Objects)
{
    private static readonly Lazy<Task<Rendered>> DefaultInstall = new(() => KustomizeAsync(RepoPaths.Of("config", "default")));
    private static readonly Lazy<Task<Rendered>> CertManagerInstall = new(() => KustomizeAsync(RepoPaths.Of("config", "certmanager")));

    public static Task<Rendered> Default => DefaultInstall.Value;

    public static Task<Rendered> CertManager => CertManagerInstall.Value;

    /// <summary>config/default plus the opt-in plaintext-xds component, through a throwaway overlay.</summary>
    public static async Task<Rendered> DefaultWithPlaintextXdsAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"mesh-overlay-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            // kustomize refuses absolute paths for bases; relative ones may climb out of the overlay.
            string Relative(params string[] parts) => Path.GetRelativePath(dir, RepoPaths.Of(parts)).Replace('\\', '/');
            await File.WriteAllTextAsync(Path.Combine(dir, "kustomization.yaml"), $"""
                resources:
                  - {Relative("config", "default")}
                components:
                  - {Relative("config", "components", "plaintext-xds")}
                """);
            return await KustomizeAsync(dir);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    public static async Task<Rendered> KustomizeAsync(string folder)
    {
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(folder);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl must be on PATH.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        process.ExitCode.Should().Be(0, $"kubectl kustomize {RepoPaths.Relative(folder)} must render: {await stderr}");
        var yaml = await stdout;
        return new Rendered(yaml, YamlToJson.Documents(yaml));
    }

    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => (string?)o["kind"] == kind);

    public JsonObject Single(string kind, string name)
    {
        var found = Objects.Where(o => (string?)o["kind"] == kind && (string?)o["metadata"]?["name"] == name).ToList();
        found.Should().ContainSingle($"the install must hold exactly one {kind} {name}");
        return found[0];
    }

    public static string Describe(JsonObject o) => $"{o["kind"]}/{o["metadata"]?["name"]}";
}
