using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Models;

namespace Mesh.Meshctl.Tests;

/// <summary>analyze --cluster, check and version against local mode (the embedded API with the operator on it).</summary>
public sealed class LocalModeTests(LocalMeshFixture mesh) : IClassFixture<LocalMeshFixture>
{
    [Fact]
    public async Task Analyze_cluster_reads_the_live_shop_and_reports_its_pods_without_sidecars()
    {
        var result = await MeshctlRun.RunAsync("analyze", "--cluster", "--kubeconfig", mesh.Kubeconfig);

        // Local mode runs no injection webhook: the simulated pods have no sidecar, which analyze says, per pod.
        result.ExitCode.Should().Be(1, result.ToString());
        result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(6)
            .And.OnlyContain(l => l.StartsWith("Warning [MESH0202] (Pod shop/", StringComparison.Ordinal));
        GoldenFile.Verify("local/analyze-cluster.txt", result.ToString());
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
    public async Task Check_passes_each_installed_part_and_fails_the_missing_webhook_then_passes_once_it_exists()
    {
        var before = await MeshctlRun.RunAsync("check", "--kubeconfig", mesh.Kubeconfig);
        before.ExitCode.Should().Be(2, before.ToString());
        GoldenFile.Verify("local/check-without-webhook.txt", MeshctlRun.Stable(before.ToString()));

        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(mesh.Kubeconfig));
        await client.AdmissionregistrationV1.CreateMutatingWebhookConfigurationAsync(Webhook(DateTimeOffset.UtcNow.AddDays(30)));
        try
        {
            var after = await MeshctlRun.RunAsync("check", "--kubeconfig", mesh.Kubeconfig);
            after.ExitCode.Should().Be(0, after.ToString());
            GoldenFile.Verify("local/check.txt", MeshctlRun.Stable(after.ToString()));

            // Two years on: both certificates have expired and the Lease is no longer renewed.
            var later = await MeshctlRun.RunAsync(new FixedTime(DateTimeOffset.UtcNow.AddYears(2)), "check", "--kubeconfig", mesh.Kubeconfig);
            later.ExitCode.Should().Be(2, later.ToString());
            GoldenFile.Verify("local/check-two-years-later.txt", MeshctlRun.Stable(later.ToString()));
        }
        finally
        {
            await client.AdmissionregistrationV1.DeleteMutatingWebhookConfigurationAsync(Mesh.XdsServer.Contract.SidecarContract.InjectorConfigurationName);
        }
    }

    [Fact]
    public async Task Version_prints_the_client_and_the_local_operator()
    {
        var result = await MeshctlRun.RunAsync("version", "--kubeconfig", mesh.Kubeconfig);

        result.ExitCode.Should().Be(0, result.ToString());
        GoldenFile.Verify("local/version.txt", MeshctlRun.Stable(result.ToString()));
    }

    private static V1MutatingWebhookConfiguration Webhook(DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=mesh-webhook-ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), notAfter);
        return new V1MutatingWebhookConfiguration
        {
            Metadata = new V1ObjectMeta { Name = Mesh.XdsServer.Contract.SidecarContract.InjectorConfigurationName },
            Webhooks =
            [
                new V1MutatingWebhook
                {
                    Name = Mesh.XdsServer.Contract.SidecarContract.InjectorWebhookName,
                    AdmissionReviewVersions = ["v1"],
                    SideEffects = "None",
                    ClientConfig = new Admissionregistrationv1WebhookClientConfig
                    {
                        CaBundle = System.Text.Encoding.ASCII.GetBytes(ca.ExportCertificatePem()),
                        Service = new Admissionregistrationv1ServiceReference { Name = "mesh-webhook", NamespaceProperty = "mesh-system", Path = "/inject" },
                    },
                },
            ],
        };
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
