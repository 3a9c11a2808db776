using k8s;
using k8s.Models;

namespace Mesh.Meshctl.Tests;

/// <summary>analyze --cluster, check and version against local mode (the embedded API with the operator on it).</summary>
[Collection(LocalMeshCollection.Name)]
public sealed class LocalModeTests(LocalMeshFixture mesh)
{
    [Fact]
    public async Task Analyze_cluster_reads_the_live_shop_and_reports_a_selected_pod_without_a_sidecar()
    {
        // Local mode's pods go through the injector, so the shop is clean; a selected pod that opted out is not.
        var clean = await MeshctlRun.RunAsync("analyze", "--cluster", "-n", "shop", "--kubeconfig", mesh.Kubeconfig);
        clean.ExitCode.Should().Be(0, clean.ToString());

        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(mesh.Kubeconfig));
        await client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = "opted-out",
                Labels = new Dictionary<string, string> { ["mesh.dev/member"] = "true" },
                Annotations = new Dictionary<string, string> { [Mesh.XdsServer.Contract.SidecarContract.InjectAnnotation] = "false" },
            },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "busybox" }] },
        }, "shop");
        try
        {
            var result = await MeshctlRun.RunAsync("analyze", "--cluster", "-n", "shop", "--kubeconfig", mesh.Kubeconfig);
            result.ExitCode.Should().Be(1, result.ToString());
            result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle()
                .Which.Should().StartWith("Warning [MESH0202] (Pod shop/opted-out)");
            Golden.Verify("local/analyze-cluster.txt", result.ToString());
        }
        finally
        {
            await client.CoreV1.DeleteNamespacedPodAsync("opted-out", "shop");
        }
    }

    [Fact]
    public async Task Analyze_cluster_in_one_namespace_reads_only_that_namespace()
    {
        var all = await MeshctlRun.RunAsync("analyze", "--cluster", "--kubeconfig", mesh.Kubeconfig);
        var shop = await MeshctlRun.RunAsync("analyze", "--cluster", "-n", "shop", "--kubeconfig", mesh.Kubeconfig);
        var other = await MeshctlRun.RunAsync("analyze", "--cluster", "-n", "payments", "--kubeconfig", mesh.Kubeconfig);

        shop.Should().Be(all);
        other.Should().Be(new MeshctlResult(0, "✔ No problems found in 0 MeshPolicy objects.\n", ""));
    }

    [Fact]
    public async Task Analyze_cluster_with_a_file_lays_the_file_over_the_live_policy()
    {
        var change = MeshctlRun.Repo("config", "samples", "invalid", "backend-service-missing.yaml");

        var result = await MeshctlRun.RunAsync("analyze", "--cluster", "--kubeconfig", mesh.Kubeconfig, "-f", change, "-o", "json");

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stdout.Should().Contain("\"code\": \"MESH0107\"").And.Contain("\"name\": \"backend-service-missing\"");
    }

    [Fact]
    public async Task Check_passes_each_installed_part_then_fails_a_missing_webhook_and_expired_certificates()
    {
        // Local mode installs the injector's configuration with the built-in CA's bundle.
        var now = await MeshctlRun.RunAsync("check", "--kubeconfig", mesh.Kubeconfig);
        now.ExitCode.Should().Be(0, now.ToString());
        Golden.Verify("local/check.txt", MeshctlRun.Stable(now.ToString()));

        // Two years on: both certificates have expired and the Lease is no longer renewed.
        var later = await MeshctlRun.RunAsync(new FixedTime(DateTimeOffset.UtcNow.AddYears(2)), "check", "--kubeconfig", mesh.Kubeconfig);
        later.ExitCode.Should().Be(2, later.ToString());
        Golden.Verify("local/check-two-years-later.txt", MeshctlRun.Stable(later.ToString()));

        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(mesh.Kubeconfig));
        var name = Mesh.XdsServer.Contract.SidecarContract.InjectorConfigurationName;
        var installed = await client.AdmissionregistrationV1.ReadMutatingWebhookConfigurationAsync(name);
        await client.AdmissionregistrationV1.DeleteMutatingWebhookConfigurationAsync(name);
        try
        {
            var without = await MeshctlRun.RunAsync("check", "--kubeconfig", mesh.Kubeconfig);
            without.ExitCode.Should().Be(2, without.ToString());
            Golden.Verify("local/check-without-webhook.txt", MeshctlRun.Stable(without.ToString()));
        }
        finally
        {
            installed.Metadata.ResourceVersion = null;
            installed.Metadata.Uid = null;
            await client.AdmissionregistrationV1.CreateMutatingWebhookConfigurationAsync(installed);
        }
    }

    [Fact]
    public async Task Version_prints_the_client_and_the_local_operator()
    {
        var result = await MeshctlRun.RunAsync("version", "--kubeconfig", mesh.Kubeconfig);

        result.ExitCode.Should().Be(0, result.ToString());
        Golden.Verify("local/version.txt", MeshctlRun.Stable(result.ToString()));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
