using Mesh.Testing;

namespace Mesh.Meshctl.Tests;

/// <summary>Input meshctl cannot use: one line on stderr naming the problem and the fix, nothing on stdout, exit 2.</summary>
public sealed class BadInputTests
{
    [Fact]
    public async Task An_unknown_file_is_named_with_the_fix()
    {
        var result = await MeshctlRun.RunAsync("analyze", "-f", "no/such/policy.yaml");

        ShouldFailWith(result, "error: no/such/policy.yaml: no such file or directory; check the path given to -f.");
    }

    [Fact]
    public async Task Malformed_YAML_names_the_file_and_the_line()
    {
        using var files = new TempManifests();
        var path = files.Write("broken.yaml", "apiVersion: mesh.dev/v1alpha1\nkind: MeshPolicy\nmetadata:\n  name: x\n   namespace: y\n");

        var result = await MeshctlRun.RunAsync("analyze", "-f", path);

        ShouldFailWith(result, $"error: {path}:5:");
        result.Stderr.Should().Contain("malformed YAML").And.EndWith("; fix the syntax at that line.\n");
    }

    [Fact]
    public async Task A_document_of_the_wrong_shape_names_the_file_and_object()
    {
        using var files = new TempManifests();
        var path = files.Write("svc.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: demo}\nspec:\n  ports: 80\n");

        var result = await MeshctlRun.RunAsync("analyze", "-f", path);

        ShouldFailWith(result, $"error: {path}: document 1 (Service web): not a valid Service (");
    }

    [Fact]
    public async Task A_file_with_no_MeshPolicy_says_which_files_were_read_and_what_to_pass()
    {
        var file = MeshctlRun.Repo("config", "samples", "shop", "details.yaml");

        var result = await MeshctlRun.RunAsync("analyze", "-f", file);

        ShouldFailWith(result, "error: no MeshPolicy found in config/samples/shop/details.yaml; pass the file that holds one with -f, or add --cluster to check the live policies.");
    }

    [Fact]
    public async Task Nothing_to_analyze_says_what_to_pass()
    {
        var result = await MeshctlRun.RunAsync("analyze");

        ShouldFailWith(result, "error: nothing to analyze; pass manifests with -f FILE|DIR or read the cluster with --cluster.");
    }

    [Theory]
    [InlineData("analyze", "--cluster")]
    [InlineData("check")]
    [InlineData("version")]
    public async Task An_unreachable_API_server_is_named_with_the_fix(params string[] args)
    {
        using var files = new TempManifests();
        var kubeconfig = files.Write("kubeconfig", MeshctlProcess.Kubeconfig($"http://127.0.0.1:{FreePorts.Loopback()}"));

        var result = await MeshctlRun.RunAsync([.. args, "--kubeconfig", kubeconfig]);

        result.ExitCode.Should().Be(2, result.ToString());
        var line = MeshctlRun.Stable(result.Stderr);
        line.Should().StartWith("error: cannot reach the Kubernetes API server at http://127.0.0.1:<port>/ (")
            .And.EndWith("); check that the cluster (or `mesh-operator local`) is running and that --kubeconfig points at it.\n");
        line.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle();
    }

    [Fact]
    public async Task A_missing_kubeconfig_is_named_with_the_fix()
    {
        var result = await MeshctlRun.RunAsync("check", "--kubeconfig", "/no/such/kubeconfig");

        ShouldFailWith(result, "error: kubeconfig /no/such/kubeconfig cannot be used (");
        result.Stderr.Should().EndWith("; pass --kubeconfig PATH or set KUBECONFIG.\n");
    }

    [Theory]
    [InlineData("analyze", "-o", "yaml", "-f", "x.yaml")]
    [InlineData("analyze", "--bogus")]
    [InlineData("frobnicate")]
    public async Task A_command_line_meshctl_does_not_know_is_refused_with_a_pointer_to_help(params string[] args)
    {
        var result = await MeshctlRun.RunAsync(args);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stdout.Should().BeEmpty();
        result.Stderr.Should().StartWith("error: ").And.EndWith("; see meshctl --help.\n");
        result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle("one line names the problem");
    }

    private static void ShouldFailWith(MeshctlResult result, string stderrStart)
    {
        result.ExitCode.Should().Be(2, result.ToString());
        result.Stdout.Should().BeEmpty();
        result.Stderr.Should().StartWith(stderrStart);
        result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle("one line names the problem and the fix");
    }
}
