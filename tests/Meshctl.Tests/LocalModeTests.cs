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
    public async Task Analyze_cluster_reports_an_egress_entry_naming_a_missing_service_of_another_namespace_until_it_exists()
    {
        var target = $"egress-target-{Guid.NewGuid():N}"[..20];
        var file = Path.Combine(Path.GetTempPath(), $"egress-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, $$"""
            apiVersion: mesh.dev/v1alpha1
            kind: MeshPolicy
            metadata: {name: egress-elsewhere, namespace: egress-source}
            spec:
              workloads:
                selector:
                  matchLabels:
                    app: nothing
              egress:
                services: ["{{target}}/ledger", "{{target}}/*"]
            """);
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(mesh.Kubeconfig));
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = target } });
        try
        {
            var offline = await MeshctlRun.RunAsync("analyze", "-f", file);
            var missing = await MeshctlRun.RunAsync("analyze", "--cluster", "-n", "egress-source", "--kubeconfig", mesh.Kubeconfig, "-f", file);
            await client.CoreV1.CreateNamespacedServiceAsync(new V1Service
            {
                Metadata = new V1ObjectMeta { Name = "ledger" },
                Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 8080, AppProtocol = "http" }] },
            }, target);
            var present = await MeshctlRun.RunAsync("analyze", "--cluster", "-n", "egress-source", "--kubeconfig", mesh.Kubeconfig, "-f", file);

            offline.Stdout.Should().NotContain("MESH0114", "offline, another namespace cannot be looked up");
            missing.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Contain(
                $"Warning [MESH0114] (MeshPolicy egress-source/egress-elsewhere) spec.egress.services[0]: Service \"ledger\" does not exist in namespace \"{target}\": no sidecar is configured for it until it does; create it or fix the entry.");
            missing.ExitCode.Should().Be(1, missing.ToString());
            present.Stdout.Should().NotContain("MESH0114", present.ToString());
        }
        finally
        {
            await client.CoreV1.DeleteNamespaceAsync(target);
            File.Delete(file);
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
