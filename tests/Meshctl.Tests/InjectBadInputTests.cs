using Mesh.Testing;
namespace Mesh.Meshctl.Tests;

/// <summary>inject on input it cannot use: one line on stderr naming the problem and the fix, nothing on stdout, exit 2.</summary>
public sealed class InjectBadInputTests
{
    [Fact]
    public async Task Malformed_YAML_names_the_file_and_the_line()
    {
        using var files = new TempManifests();
        var path = files.Write("broken.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n   namespace: y\n");

        var result = await MeshctlRun.RunAsync("inject", "-f", path, "-f", MeshctlRun.Repo("config", "samples", "shop", "01-meshpolicy.yaml"));

        ShouldFailWith(result, $"error: {path}:5:");
        result.Stderr.Should().Contain("malformed YAML").And.EndWith("; fix the syntax at that line.\n");
    }

    [Fact]
    public async Task A_file_without_a_pod_template_says_what_to_pass()
    {
        var policy = MeshctlRun.Repo("config", "samples", "shop", "01-meshpolicy.yaml");

        var result = await MeshctlRun.RunAsync("inject", "-f", policy);

        ShouldFailWith(result, "error: no pod template in config/samples/shop/01-meshpolicy.yaml; pass Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs or Pods with -f.\n");
    }

    [Fact]
    public async Task Without_a_policy_it_says_where_to_get_one()
    {
        var result = await MeshctlRun.RunAsync("inject", "-f", MeshctlRun.Repo("config", "samples", "shop", "details.yaml"));

        ShouldFailWith(result, "error: no MeshPolicy in config/samples/shop/details.yaml to decide which pods get a sidecar; add the policy with -f policy.yaml or read the cluster's with --cluster.\n");
    }

    [Fact]
    public async Task An_unreachable_API_server_is_named_with_the_fix()
    {
        using var files = new TempManifests();
        var kubeconfig = files.Write("kubeconfig", MeshctlProcess.Kubeconfig($"http://127.0.0.1:{FreePorts.Loopback()}"));

        var result = await MeshctlRun.RunAsync("inject", "-f", MeshctlRun.Repo("config", "samples", "shop", "details.yaml"), "--cluster", "--kubeconfig", kubeconfig);

        ShouldFailWith(result with { Stderr = MeshctlRun.Stable(result.Stderr) }, "error: cannot reach the Kubernetes API server at http://127.0.0.1:<port>/ (");
        result.Stderr.Should().EndWith("); check that the cluster (or `mesh-operator local`) is running and that --kubeconfig points at it.\n");
    }

    private static void ShouldFailWith(MeshctlResult result, string stderrStart)
    {
        result.ExitCode.Should().Be(2, result.ToString());
        result.Stdout.Should().BeEmpty();
        result.Stderr.Should().StartWith(stderrStart);
        result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle("one line names the problem and the fix");
    }
}
