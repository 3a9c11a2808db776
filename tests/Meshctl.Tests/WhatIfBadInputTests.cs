using Mesh.Testing;
namespace Mesh.Meshctl.Tests;

/// <summary>what-if on input it cannot use: one line on stderr naming the problem and the fix, nothing on stdout, exit 2.</summary>
public sealed class WhatIfBadInputTests
{
    [Fact]
    public async Task Malformed_YAML_names_the_file_and_the_line()
    {
        using var files = new TempManifests();
        var path = files.Write("broken.yaml", "apiVersion: mesh.dev/v1alpha1\nkind: MeshPolicy\nmetadata:\n  name: x\n   namespace: y\n");

        var result = await MeshctlRun.RunAsync("what-if", "-f", path);

        ShouldFailWith(result, $"error: {path}:5:");
        result.Stderr.Should().Contain("malformed YAML").And.EndWith("; fix the syntax at that line.\n");
    }

    [Fact]
    public async Task A_file_that_is_not_a_MeshPolicy_says_what_to_pass()
    {
        var result = await MeshctlRun.RunAsync("what-if", "-f", MeshctlRun.Repo("config", "samples", "shop", "details.yaml"));

        ShouldFailWith(result, "error: no MeshPolicy (mesh.dev/v1alpha1) found in config/samples/shop/details.yaml; what-if compares MeshPolicies: pass the file that holds one with -f.\n");
    }

    [Fact]
    public async Task An_unreachable_API_server_is_named_with_the_fix()
    {
        using var files = new TempManifests();
        var kubeconfig = files.Write("kubeconfig", MeshctlProcess.Kubeconfig($"http://127.0.0.1:{FreePorts.Loopback()}"));

        var result = await MeshctlRun.RunAsync("what-if", "-f", MeshctlRun.Repo("config", "samples", "shop", "01-meshpolicy.yaml"), "--kubeconfig", kubeconfig);

        ShouldFailWith(MeshctlRun.Stable(result.Stderr) is var stable ? result with { Stderr = stable } : result,
            "error: cannot reach the Kubernetes API server at http://127.0.0.1:<port>/ (");
        result.Stderr.Should().EndWith("); check that the cluster (or `mesh-operator local`) is running and that --kubeconfig points at it.\n");
    }

    [Fact]
    public async Task Without_a_file_the_command_line_is_refused_with_a_pointer_to_help()
    {
        var result = await MeshctlRun.RunAsync("what-if");

        ShouldFailWith(result, "error: ");
        result.Stderr.Should().Contain("--filename").And.EndWith("; see meshctl --help.\n");
    }

    private static void ShouldFailWith(MeshctlResult result, string stderrStart)
    {
        result.ExitCode.Should().Be(2, result.ToString());
        result.Stdout.Should().BeEmpty();
        result.Stderr.Should().StartWith(stderrStart);
        result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle("one line names the problem and the fix");
    }
}
