using k8s;
using k8s.Models;
using Mesh.XdsServer.Contract;

namespace Mesh.Meshctl.Tests;

/// <summary>describe pod against local mode's shop: the governing policy, the sidecar state, Services, rules and mTLS.</summary>
[Collection(LocalMeshCollection.Name)]
public sealed class DescribePodTests(LocalMeshFixture mesh)
{
    [Theory]
    [InlineData("productpage")]
    [InlineData("reviews")]
    public async Task Describe_pod_shows_policy_sidecar_services_rules_and_mtls(string app)
    {
        var pod = await FirstPodAsync(app);

        var result = await MeshctlRun.RunAsync("describe", "pod", $"{pod}.shop", "--kubeconfig", mesh.Kubeconfig);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain("Policy:     shop/shop\n").And.Contain("Sidecar:    injected: template ");
        Golden.Verify($"local/describe-{app}.txt", MeshctlRun.Stable(result.ToString()));
    }

    [Fact]
    public async Task A_pod_that_opted_out_is_missing_its_sidecar_with_the_fix()
    {
        using var client = Client();
        await client.CoreV1.CreateNamespacedPodAsync(Pod("describe-opted-out", new Dictionary<string, string> { [SidecarContract.InjectAnnotation] = "false" }), "shop");
        try
        {
            var result = await MeshctlRun.RunAsync("describe", "pod", "describe-opted-out.shop", "--kubeconfig", mesh.Kubeconfig);

            result.ExitCode.Should().Be(0, result.ToString());
            result.Stdout.Should().Contain($"Sidecar:    missing: the pod opts out ({SidecarContract.InjectAnnotation}: \"false\"); remove the annotation and restart pod describe-opted-out to mesh it\n");
        }
        finally
        {
            await client.CoreV1.DeleteNamespacedPodAsync("describe-opted-out", "shop");
        }
    }

    [Fact]
    public async Task A_pod_whose_template_hash_is_not_the_policys_is_outdated()
    {
        using var client = Client();
        await client.CoreV1.CreateNamespacedPodAsync(Pod("describe-outdated", []), "shop");
        try
        {
            var injected = await MeshctlRun.RunAsync("describe", "pod", "describe-outdated.shop", "--kubeconfig", mesh.Kubeconfig);
            injected.Stdout.Should().Contain("Sidecar:    injected: template ", "the injector wrote the current template's hash");

            var patch = """{"metadata":{"annotations":{"KEY":"0123456789abcdef"}}}""".Replace("KEY", SidecarContract.TemplateHashAnnotation, StringComparison.Ordinal);
            await client.CoreV1.PatchNamespacedPodAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), "describe-outdated", "shop");
            var outdated = await MeshctlRun.RunAsync("describe", "pod", "describe-outdated.shop", "--kubeconfig", mesh.Kubeconfig);

            outdated.ExitCode.Should().Be(0, outdated.ToString());
            outdated.Stdout.Should().MatchRegex("Sidecar:    outdated: template 0123456789abcdef differs from policy shop's [0-9a-f]{16}; restart pod describe-outdated \\(kubectl rollout restart\\) to get the current sidecar\n");
        }
        finally
        {
            await client.CoreV1.DeleteNamespacedPodAsync("describe-outdated", "shop");
        }
    }

    [Fact]
    public async Task A_pod_no_policy_selects_has_no_policy_and_no_sidecar()
    {
        var result = await MeshctlRun.RunAsync("describe", "pod", "mesh-operator-local.mesh-system", "--kubeconfig", mesh.Kubeconfig);

        result.Should().Be(new MeshctlResult(0, """
            Pod:        mesh-operator-local.mesh-system
            Policy:     none (no MeshPolicy in mesh-system selects its labels)
            Sidecar:    missing: no MeshPolicy of its namespace selects its labels, so the injector leaves it alone
            mTLS:       none (no sidecar config)
            Services:   none (no Service selects its labels)

            """, ""));
    }

    private Kubernetes Client() => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(mesh.Kubeconfig));

    private async Task<string> FirstPodAsync(string app)
    {
        using var client = Client();
        return (await client.CoreV1.ListNamespacedPodAsync("shop", labelSelector: $"app={app}")).Items.Select(p => p.Metadata.Name).Order(StringComparer.Ordinal).First();
    }

    private static V1Pod Pod(string name, Dictionary<string, string> annotations) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Labels = new Dictionary<string, string> { ["mesh.dev/member"] = "true", ["app"] = "describe-test" },
            Annotations = annotations,
        },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "busybox" }] },
    };
}
