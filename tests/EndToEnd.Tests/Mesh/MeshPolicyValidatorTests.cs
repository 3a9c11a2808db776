using Mesh.Testing;

namespace Mesh.EndToEnd.Tests.Mesh;

/// <summary>
/// The MeshPolicy validating webhook through the real kubectl against local mode running config/samples/shop: a
/// server-side dry run prints the what-if summary as Warning: lines and stores nothing; a policy the planner refuses
/// in itself is denied at apply time with the field and the fix.
/// </summary>
public sealed class MeshPolicyValidatorTests(LocalMeshFixture mesh) : IClassFixture<LocalMeshFixture>, IAsyncLifetime
{
    private static readonly string ShopPolicy = File.ReadAllText(RepoPaths.Of("config", "samples", "shop", "01-meshpolicy.yaml"));

    private Kubectl Kubectl => mesh.Kubectl;

    public async Task InitializeAsync()
    {
        // Local mode installs the validator beside the injector (WebhookInstaller). The folder creates its policy before
        // its Deployments (01-meshpolicy.yaml); its Services do not exist yet, which the validator answers with
        // warnings, not a refusal.
        var first = await Kubectl.RunAsync("apply", "-f", RepoPaths.Of("config", "samples", "shop"));
        first.ExitCode.Should().Be(0, first.ToString());
        (await Kubectl.MustAsync("get", "validatingwebhookconfiguration", "-o", "name")).Should().Contain("mesh-policy-validator");
        // Six pods injected by the webhook and the four Services' EndpointSlices: the state what-if compares against.
        var settled = await LocalMeshFixture.EventuallyAsync(async () =>
            (await Kubectl.MustAsync("get", "pods", "-n", "shop", "-l", "mesh.dev/tls-mode=mesh", "-o", "name")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 6
            && (await Kubectl.MustAsync("get", "endpointslices", "-n", "shop", "-o", "name")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 4,
            TimeSpan.FromSeconds(60));
        settled.Should().BeTrue($"local mode runs the shop's six injected pods behind four Services: {await Kubectl.RunAsync("get", "pods,endpointslices", "-n", "shop", "--show-labels")}");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_server_side_dry_run_prints_what_the_change_would_do_as_warnings_and_stores_nothing()
    {
        var generation = await Kubectl.MustAsync("get", "meshpolicy", "shop", "-n", "shop", "-o", "jsonpath={.metadata.generation}");
        var canary = Replace(ShopPolicy, "              weight: 90\n            - subset: v2\n              weight: 10", "              weight: 50\n            - subset: v2\n              weight: 50");

        var result = await Kubectl.WithManifestAsync(canary, "apply", "--dry-run=server");

        result.ExitCode.Should().Be(0, result.ToString());
        result.StdOut.Should().Contain("meshpolicy.mesh.dev/shop configured (server dry run)");
        var warnings = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        warnings.Should().Contain("Warning: what-if: 7 proxies, routes ~2", result.ToString());
        warnings.Should().Contain("Warning: what-if: ~ routes 9080");
        warnings.Should().Contain("Warning: what-if: ~ routes reviews.shop.svc.cluster.local:9080");
        (await Kubectl.MustAsync("get", "meshpolicy", "shop", "-n", "shop", "-o", "jsonpath={.metadata.generation}")).Should().Be(generation, "a dry run stores nothing");
    }

    [Fact]
    public async Task The_live_policy_applied_again_in_a_dry_run_changes_nothing()
    {
        // Server-side apply: client-side apply sends nothing when the manifest equals the last applied one.
        var result = await Kubectl.WithManifestAsync(ShopPolicy, "apply", "--server-side", "--force-conflicts", "--dry-run=server");

        result.ExitCode.Should().Be(0, result.ToString());
        result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal("Warning: what-if: no proxy config changes");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_regex_RE2_cannot_run_is_refused_at_apply_time_naming_the_field_and_the_fix(bool dryRun)
    {
        var broken = Replace(ShopPolicy, "regex: \".*BetaApp/[0-9]+.*\"", "regex: \"(?<=team-)qa\"");

        var result = await Kubectl.WithManifestAsync(broken, dryRun ? ["apply", "--dry-run=server"] : ["apply"]);

        result.ExitCode.Should().NotBe(0, result.ToString());
        result.StdErr.Should().Contain(
            "admission webhook \"meshpolicy-validator.mesh.dev\" denied the request: MeshPolicy shop/shop is refused by the mesh planner: " +
            "spec.services[1].routes[1].match.headers[0].regex: regex \"(?<=team-)qa\" uses lookahead or lookbehind, which RE2 (Envoy's regex engine) does not support; rewrite it in RE2 syntax.");
        (await Kubectl.MustAsync("get", "meshpolicy", "shop", "-n", "shop", "-o", "yaml")).Should().Contain(".*BetaApp/[0-9]+.*", "the refused policy was not stored");
    }

    private static string Replace(string text, string from, string to)
    {
        text.Should().Contain(from, "the sample must still hold what the test changes");
        return text.Replace(from, to, StringComparison.Ordinal);
    }
}
