using Mesh.EndToEnd.Tests.Mesh;
using System.Text.RegularExpressions;
using Mesh.Operator.Hosting;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests.Install;

/// <summary>
/// The README's "Uninstall" section against the embedded API with the shop sample reconciled: its commands, run as
/// written, remove the policies, what they generated and the install; and the wrong order (operator gone first) still
/// lets an application namespace be deleted because a MeshPolicy carries no finalizer. A third test proves the API
/// would hold the namespace Terminating if a policy did carry one, so the second test can fail.
/// </summary>
public sealed partial class UninstallTests : IAsyncLifetime
{
    private readonly LocalMeshFixture _mesh = new([Path.Combine(RepoPaths.Samples, "shop")]);

    private LocalSession Session => _mesh.Session;

    private Kubectl Kubectl => _mesh.Kubectl;

    public Task InitializeAsync() => _mesh.InitializeAsync();

    public Task DisposeAsync() => _mesh.DisposeAsync();

    [Fact]
    public async Task The_readme_uninstall_commands_remove_policies_their_children_and_the_install()
    {
        await WaitReconciledAsync();
        var commands = ReadmeUninstallCommands();
        commands.Should().HaveCount(2, "the README's Uninstall block: policies first, then the install");
        commands[0].Should().Contain("meshpolicies", "MeshPolicies go first, while the operator still runs");

        foreach (var args in commands)
        {
            if (args.Contains("-k"))
            {
                // Deleting the install deletes the operator's Deployment, whose pods stop; the in-process operator of
                // local mode stands for them and would otherwise go on writing its root CA into mesh-system.
                await Session.App.StopAsync();
            }

            var result = await Kubectl.RunAsync(args);
            result.ExitCode.Should().Be(0, $"kubectl {string.Join(' ', args)} (as the README writes it) must succeed: {result}");
        }

        var crd = await Kubectl.RunAsync("get", "crd", "meshpolicies.mesh.dev");
        crd.ExitCode.Should().NotBe(0, "the MeshPolicy CRD is part of the install");
        crd.StdErr.Should().Contain("NotFound");
        await Eventually.True(async () => (await Kubectl.RunAsync("get", "namespace", "mesh-system")).StdErr.Contains("NotFound"),
            "mesh-system (and the root CA Secret in it) goes with the install", TimeSpan.FromSeconds(30));
        var children = await Kubectl.MustAsync("get", "networkpolicies,secrets,configmaps", "-n", "shop",
            "-o", "jsonpath={range .items[*]}{.metadata.ownerReferences[*].kind}{\"\\n\"}{end}");
        children.Should().NotContain("MeshPolicy", "the garbage collector deletes what the policy generated");

        var deleted = await Kubectl.RunAsync("delete", "namespace", "shop", "--wait", "--timeout=60s");
        deleted.ExitCode.Should().Be(0, $"nothing of the mesh may hold the application namespace: {deleted}");
    }

    [Fact]
    public async Task With_the_operator_gone_first_an_application_namespace_is_still_deleted()
    {
        await WaitReconciledAsync();
        var finalizers = await Kubectl.MustAsync("get", "meshpolicy", "shop", "-n", "shop", "-o", "jsonpath={.metadata.finalizers}");
        finalizers.Should().BeEmpty("a MeshPolicy carries no finalizer; if one is added, the README's Uninstall order becomes mandatory: update it");

        await Session.App.StopAsync();
        var deleted = await Kubectl.RunAsync("delete", "namespace", "shop", "--wait", "--timeout=60s");
        deleted.ExitCode.Should().Be(0, $"no finalizer of the mesh may leave shop Terminating: {deleted}");
        (await Kubectl.RunAsync("get", "namespace", "shop")).StdErr.Should().Contain("NotFound");
    }

    [Fact]
    public async Task A_finalizer_on_a_policy_would_hold_its_namespace_Terminating_until_removed()
    {
        // The control for the test above: the embedded API does hold a namespace for a finalizer nobody removes.
        await WaitReconciledAsync();
        await Session.App.StopAsync();
        await Kubectl.MustAsync("patch", "meshpolicy", "shop", "-n", "shop", "--type=merge",
            "-p", "{\"metadata\":{\"finalizers\":[\"example.com/hold\"]}}");
        await Kubectl.MustAsync("delete", "namespace", "shop", "--wait=false");

        await Eventually.True(async () => (await Kubectl.MustAsync("get", "services,deployments", "-n", "shop", "-o", "name")).Length == 0,
            "the namespace controller empties shop of everything without a finalizer", TimeSpan.FromSeconds(30));
        (await Kubectl.MustAsync("get", "namespace", "shop", "-o", "jsonpath={.status.phase}")).Should().Be("Terminating");
        (await Kubectl.MustAsync("get", "meshpolicy", "shop", "-n", "shop", "-o", "jsonpath={.metadata.deletionTimestamp}"))
            .Should().NotBeEmpty("the policy is being deleted but held by its finalizer");

        await Kubectl.MustAsync("patch", "meshpolicy", "shop", "-n", "shop", "--type=merge", "-p", "{\"metadata\":{\"finalizers\":null}}");
        await Eventually.True(async () => (await Kubectl.RunAsync("get", "namespace", "shop")).StdErr.Contains("NotFound"),
            "once the finalizer is gone the namespace finishes terminating", TimeSpan.FromSeconds(30));
    }

    private async Task WaitReconciledAsync() =>
        await Eventually.True(async () =>
        {
            var generation = await Kubectl.RunAsync("get", "meshpolicy", "shop", "-n", "shop", "-o", "jsonpath={.status.observedGeneration}");
            var children = await Kubectl.RunAsync("get", "networkpolicies", "-n", "shop", "-o", "name");
            return generation.StdOut == "1" && children.StdOut.Length > 0;
        }, "the operator reconciles shop and writes its NetworkPolicies", TimeSpan.FromSeconds(60));

    /// <summary>The kubectl lines of the README's first sh block under "## Uninstall", with config/ paths made absolute.</summary>
    private static List<string[]> ReadmeUninstallCommands()
    {
        var readme = File.ReadAllText(RepoPaths.Of("README.md"));
        var section = readme[readme.IndexOf("\n## Uninstall", StringComparison.Ordinal)..];
        var block = FencedSh().Match(section);
        block.Success.Should().BeTrue("the Uninstall section holds a ```sh block");
        return block.Groups[1].Value.Split('\n')
            .Select(line => line.Split('#')[0].Trim())
            .Where(line => line.StartsWith("kubectl ", StringComparison.Ordinal))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(a => a.StartsWith("config/", StringComparison.Ordinal) ? RepoPaths.Of(a.Split('/')) : a).ToArray())
            .ToList();
    }

    [GeneratedRegex("```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex FencedSh();
}
