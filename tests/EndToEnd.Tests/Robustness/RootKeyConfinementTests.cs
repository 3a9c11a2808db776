using System.Text;
using System.Text.Json;
using Mesh.EndToEnd.Tests.Mesh;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests.Robustness;

/// <summary>
/// Security checklist: the built-in CA's root private key never leaves mesh-system. With every sample applied and
/// its workload certificates issued, no Secret or ConfigMap of any other namespace holds the root key (PEM or its
/// base64), and inside mesh-system only the root Secret itself does.
/// </summary>
public sealed class RootKeyConfinementTests(SampleMeshTests.SamplesFixture fixture) : IClassFixture<SampleMeshTests.SamplesFixture>
{
    private Kubectl Kubectl => fixture.Mesh.Kubectl;

    [Fact]
    public async Task No_secret_or_config_map_outside_the_root_secret_holds_the_root_key()
    {
        (await LocalMeshFixture.EventuallyAsync(
            async () => (await Kubectl.RunAsync("get", "secret", "mesh-workload-reviews", "-n", "shop")).ExitCode == 0, TimeSpan.FromSeconds(60)))
            .Should().BeTrue("the shop's workload certificates are issued");
        var rootKey = Encoding.UTF8.GetString(Convert.FromBase64String(
            await Kubectl.MustAsync("get", "secret", "mesh-root-ca", "-n", "mesh-system", "-o", "jsonpath={.data.tls\\.key}")));
        rootKey.Should().Contain("PRIVATE KEY");
        var keyBody = string.Concat(rootKey.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal)));

        using var list = JsonDocument.Parse(await Kubectl.MustAsync("get", "secrets,configmaps", "-A", "-o", "json"));
        var holders = new List<string>();
        var workloadSecrets = 0;
        foreach (var item in list.RootElement.GetProperty("items").EnumerateArray())
        {
            var kind = item.GetProperty("kind").GetString();
            var metadata = item.GetProperty("metadata");
            var where = $"{kind} {metadata.GetProperty("namespace").GetString()}/{metadata.GetProperty("name").GetString()}";
            workloadSecrets += where.Contains("/mesh-workload-", StringComparison.Ordinal) ? 1 : 0;
            if (!item.TryGetProperty("data", out var data))
            {
                continue;
            }

            foreach (var entry in data.EnumerateObject())
            {
                var text = entry.Value.GetString() ?? "";
                var decoded = kind == "Secret" ? Encoding.UTF8.GetString(Convert.FromBase64String(text)) : text;
                if (Flat(decoded).Contains(keyBody, StringComparison.Ordinal) || Flat(text).Contains(keyBody, StringComparison.Ordinal))
                {
                    holders.Add($"{where} key {entry.Name}");
                }
            }
        }

        workloadSecrets.Should().BeGreaterThan(0, "the check means something only once workload certificates were issued");
        holders.Should().Equal("Secret mesh-system/mesh-root-ca key tls.key");
    }

    // PEM lines may be wrapped, escaped (\n inside JSON text) or indented: compare the base64 body alone.
    private static string Flat(string text) => text.Replace("\\n", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal)
        .Replace("\r", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
}
