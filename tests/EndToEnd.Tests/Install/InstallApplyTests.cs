using Mesh.EndToEnd.Tests.Mesh;
using System.Text.Json.Nodes;
using Mesh.LocalCluster;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests.Install;

/// <summary>
/// config/default applied server-side to the embedded API, as a platform team applies it to a cluster: every object
/// passes the API's validation, and a second apply changes nothing.
/// </summary>
public sealed class InstallApplyTests : IAsyncLifetime
{
    private readonly EmbeddedApiFixture _api = new();

    private Kubectl Kubectl => _api.Kubectl;

    public Task InitializeAsync() => _api.InitializeAsync();

    public Task DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task Every_kind_of_the_install_is_served_by_the_embedded_API()
    {
        var rendered = await Rendered.Default;
        var unserved = await UnservedAsync(rendered.Objects);
        unserved.Should().BeEmpty(
            "kubectl apply -k config/default must install everything; the embedded API does not serve these kinds yet "
            + "(policy/v1 PodDisruptionBudget comes with the sidecar issue's built-in kinds)");
    }

    [Fact]
    public async Task A_second_server_side_apply_changes_nothing_and_diff_reports_no_difference()
    {
        var rendered = await Rendered.Default;
        var unserved = (await UnservedAsync(rendered.Objects)).ToHashSet(StringComparer.Ordinal);
        // Kinds the embedded API does not serve yet are asserted by Every_kind_of_the_install_is_served_by_the_embedded_API.
        var manifest = ToYaml(rendered.Objects.Where(o => !unserved.Contains(Rendered.Describe(o))));

        var first = await Kubectl.WithManifestAsync(manifest, "apply", "--server-side");
        first.ExitCode.Should().Be(0, $"every object must pass the API's validation: {first}");
        var before = await ResourceVersionsAsync(manifest);
        before.Should().HaveCount(rendered.Objects.Count - unserved.Count);

        var second = await Kubectl.WithManifestAsync(manifest, "apply", "--server-side");
        second.ExitCode.Should().Be(0, second.ToString());
        var after = await ResourceVersionsAsync(manifest);
        after.Should().Equal(before, "re-applying the same manifests must not write anything");

        // Argo CD compares what Git holds with what the API stores: a field the API defaults that Git leaves out shows
        // as drift. The admission objects (whose defaults the embedded API applies as the real one does) hold them all.
        foreach (var applied in rendered.Objects.Where(o => ((string?)o["apiVersion"])!.StartsWith("admissionregistration.k8s.io/", StringComparison.Ordinal)))
        {
            var stored = JsonNode.Parse(await Kubectl.MustAsync("get", ((string?)applied["kind"])!.ToLowerInvariant(), (string)applied["metadata"]!["name"]!, "-o", "json"))!;
            foreach (var part in new[] { "spec", "webhooks" }.Where(p => applied[p] is not null))
            {
                JsonNode.DeepEquals(stored[part], applied[part]).Should().BeTrue(
                    $"{Rendered.Describe(applied)}: the API adds nothing to {part}\nstored:  {stored[part]!.ToJsonString()}\napplied: {applied[part]!.ToJsonString()}");
            }
        }

        var diff = await Kubectl.WithManifestAsync(manifest, "diff", "--server-side");
        diff.ExitCode.Should().Be(0, $"kubectl diff must find no difference: {diff}");
        diff.StdOut.Should().BeEmpty();
    }

    [Fact]
    public async Task The_cert_manager_overlay_passes_validation_once_cert_manager_is_installed()
    {
        // cert-manager's CRDs (the copies config/crd keeps for local mode) stand in for a cert-manager install.
        foreach (var crd in new[] { "cert-manager.io_certificates.yaml", "cert-manager.io_issuers.yaml" })
        {
            await Kubectl.MustAsync("apply", "--server-side", "-f", RepoPaths.Of("config", "crd", crd));
        }

        var rendered = await Rendered.CertManager;
        var unserved = (await UnservedAsync(rendered.Objects)).ToHashSet(StringComparer.Ordinal);
        unserved.Should().NotContain(["Certificate/mesh-webhook-serving", "Issuer/mesh-selfsigned"]);
        var manifest = ToYaml(rendered.Objects.Where(o => !unserved.Contains(Rendered.Describe(o))));
        var applied = await Kubectl.WithManifestAsync(manifest, "apply", "--server-side");
        applied.ExitCode.Should().Be(0, applied.ToString());
        applied.StdOut.Should().Contain("certificate.cert-manager.io/mesh-webhook-serving serverside-applied")
            .And.Contain("issuer.cert-manager.io/mesh-selfsigned serverside-applied")
            .And.Contain("mutatingwebhookconfiguration.admissionregistration.k8s.io/mesh-sidecar-injector serverside-applied");
        var annotation = await Kubectl.MustAsync("get", "mutatingwebhookconfiguration", "mesh-sidecar-injector",
            "-o", "jsonpath={.metadata.annotations.cert-manager\\.io/inject-ca-from}");
        annotation.Should().Be("mesh-system/mesh-webhook-serving");
    }

    /// <summary>"Kind/name" of the objects whose group/version/kind discovery does not list.</summary>
    private async Task<IReadOnlyList<string>> UnservedAsync(IEnumerable<JsonObject> objects)
    {
        var served = new HashSet<string>(StringComparer.Ordinal);
        var resources = await Kubectl.MustAsync("api-resources", "-o", "wide", "--no-headers");
        var unserved = new List<string>();
        foreach (var o in objects)
        {
            var apiVersion = (string)o["apiVersion"]!;
            var kind = (string)o["kind"]!;
            var listed = resources.Split('\n').Any(line =>
            {
                var cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return cells.Contains(apiVersion) && cells.Contains(kind);
            });
            var crdInThisManifest = objects.Any(c => (string?)c["kind"] == "CustomResourceDefinition"
                && (string?)c["spec"]?["names"]?["kind"] == kind);
            if (!listed && !crdInThisManifest)
            {
                unserved.Add(Rendered.Describe(o));
            }
        }

        return unserved;
    }

    private async Task<IReadOnlyDictionary<string, string>> ResourceVersionsAsync(string manifest)
    {
        var result = await Kubectl.WithManifestAsync(manifest, "get", "-o", "json");
        result.ExitCode.Should().Be(0, result.ToString());
        var list = JsonNode.Parse(result.StdOut)!;
        var items = list["items"] is JsonArray array ? array.Select(i => i!.AsObject()) : [list.AsObject()];
        return items.ToDictionary(Rendered.Describe, i => (string)i["metadata"]!["resourceVersion"]!, StringComparer.Ordinal);
    }

    /// <summary>A JSON stream, one object per line: kubectl reads JSON documents back to back (not after "---").</summary>
    private static string ToYaml(IEnumerable<JsonObject> objects) =>
        string.Concat(objects.Select(o => o.ToJsonString() + "\n"));
}
