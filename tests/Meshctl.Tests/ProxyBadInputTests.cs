using Mesh.LocalCluster;
using Mesh.Testing;
using k8s;
using k8s.Models;

namespace Mesh.Meshctl.Tests;

/// <summary>
/// proxy-status, proxy-config and describe on input they cannot use: one line on stderr naming the problem and the
/// fix, nothing on stdout, exit 2. The operator-unreachable cases run against an embedded API with no operator on it.
/// </summary>
[Collection(LocalMeshCollection.Name)]
public sealed class ProxyBadInputTests(LocalMeshFixture mesh)
{
    [Theory]
    [InlineData("proxy-status", "no-such-pod.shop")]
    [InlineData("proxy-config", "clusters", "no-such-pod.shop")]
    [InlineData("proxy-config", "bootstrap", "no-such-pod.shop")]
    [InlineData("describe", "pod", "no-such-pod.shop")]
    public async Task An_unknown_pod_is_named_with_the_fix(params string[] args)
    {
        var result = await MeshctlRun.RunAsync([.. args, "--kubeconfig", mesh.Kubeconfig]);

        ShouldFailWith(result, "error: pod no-such-pod not found in namespace shop; kubectl get pods -n shop lists its pods (give POD.NAMESPACE).\n");
    }

    [Fact]
    public async Task A_pod_without_a_connected_proxy_says_where_to_look()
    {
        var result = await MeshctlRun.RunAsync("proxy-status", "mesh-operator-local.mesh-system", "--kubeconfig", mesh.Kubeconfig);

        ShouldFailWith(result, "error: pod mesh-system/mesh-operator-local has no proxy connected to the operator");
        result.Stderr.Should().EndWith("; meshctl describe pod mesh-operator-local.mesh-system shows its sidecar state (the policy, the injection).\n");
    }

    [Theory]
    [InlineData("proxy-status", "productpage")]
    [InlineData("proxy-config", "routes", "Product_Page.shop")]
    [InlineData("describe", "pod", "productpage.")]
    [InlineData("describe", "pod", ".shop")]
    public async Task A_malformed_POD_NAMESPACE_is_refused_before_any_call(params string[] args)
    {
        // No kubeconfig: the argument is checked first.
        var result = await MeshctlRun.RunAsync([.. args, "--kubeconfig", "/no/such/kubeconfig"]);

        ShouldFailWith(result, $"error: \"{args[^1]}\" is not POD.NAMESPACE (a pod name, a dot, its namespace, e.g. productpage-v1-5d4b8f9c7-x2x4q.shop); pass it in that form, or the pod name with -n NAMESPACE.\n");
    }

    [Fact]
    public async Task A_pod_name_with_n_is_accepted()
    {
        var result = await MeshctlRun.RunAsync("describe", "pod", "no-such-pod", "-n", "shop", "--kubeconfig", mesh.Kubeconfig);

        ShouldFailWith(result, "error: pod no-such-pod not found in namespace shop;");
    }

    [Theory]
    [InlineData("proxy-status")]
    [InlineData("proxy-config", "listeners", "web-1.shop")]
    public async Task No_operator_pod_is_named_with_the_fix(params string[] args)
    {
        await using var api = await BareApiAsync();

        var result = await MeshctlRun.RunAsync([.. args, "--kubeconfig", api.Kubeconfig]);

        ShouldFailWith(result, "error: no operator pod in mesh-system (label app.kubernetes.io/name=mesh-operator), so no proxy status can be read; install Mesh (kubectl apply -k config/default) or start mesh-operator local, then run meshctl check.\n");
    }

    [Fact]
    public async Task An_operator_pod_that_is_not_Ready_is_named()
    {
        await using var api = await BareApiAsync();
        await api.CreateOperatorPodAsync(ready: false);

        var result = await MeshctlRun.RunAsync("proxy-status", "--kubeconfig", api.Kubeconfig);

        ShouldFailWith(result, "error: no operator pod in mesh-system is Running and Ready (mesh-operator-abc (Pending)); kubectl -n mesh-system describe pod and the pods' logs say why.\n");
    }

    [Fact]
    public async Task An_operator_pod_that_does_not_answer_gives_the_API_servers_proxy_error_and_the_fix()
    {
        await using var api = await BareApiAsync();
        await api.CreateOperatorPodAsync(ready: true);
        var closed = FreePorts.Loopback();
        api.Server.PodProxies.Map("mesh-system", "mesh-operator-abc", 8080, new Uri($"http://127.0.0.1:{closed}"));

        var result = await MeshctlRun.RunAsync("proxy-status", "--kubeconfig", api.Kubeconfig);

        ShouldFailWith(result, "error: the operator pod mesh-system/mesh-operator-abc did not answer debug/xds/proxies through pods/proxy (503: error trying to reach service: dial tcp 127.0.0.1:8080: connect: connection refused); check that it runs (kubectl -n mesh-system logs mesh-operator-abc) and retry.\n");
    }

    [Fact]
    public async Task An_API_server_that_refuses_pods_proxy_names_the_RBAC_to_ask_for()
    {
        await using var api = await BareApiAsync();
        await api.CreateOperatorPodAsync(ready: true);
        api.Server.Faults.FailNext("get", "pods/proxy", 403);

        var result = await MeshctlRun.RunAsync("proxy-status", "--kubeconfig", api.Kubeconfig);

        ShouldFailWith(result, "error: the API server refused to get pods/proxy of mesh-system/mesh-operator-abc (debug/xds/proxies) (403 Forbidden); ask for RBAC that allows get on pods/proxy in mesh-system (config/rbac/meshctl_user_role.yaml), or use a kubeconfig that has it.\n");
    }

    private static void ShouldFailWith(MeshctlResult result, string stderrStart)
    {
        result.ExitCode.Should().Be(2, result.ToString());
        result.Stdout.Should().BeEmpty();
        result.Stderr.Should().StartWith(stderrStart);
        result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle("one line names the problem and the fix");
    }

    private static async Task<BareApi> BareApiAsync()
    {
        var server = await LocalApiServer.StartAsync(new LocalApiServerOptions());
        var dir = Path.Combine(Path.GetTempPath(), $"meshctl-bare-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return new BareApi(server, server.WriteKubeconfig(Path.Combine(dir, "kubeconfig")), dir);
    }

    /// <summary>An embedded API with only a mesh-system namespace (no operator runs on it).</summary>
    private sealed record BareApi(LocalApiServer Server, string Kubeconfig, string Dir) : IAsyncDisposable
    {
        public async Task CreateOperatorPodAsync(bool ready)
        {
            using var client = new Kubernetes(Server.ClientConfiguration);
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "mesh-system" } });
            await client.CoreV1.CreateNamespacedPodAsync(new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = "mesh-operator-abc", Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "mesh-operator" } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "manager", Image = "mesh-operator", Ports = [new V1ContainerPort { Name = "http-metrics", ContainerPort = 8080 }] }] },
            }, "mesh-system");
            if (ready)
            {
                var status = new V1PodStatus { Phase = "Running", PodIP = "127.0.0.1", Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }] };
                var patch = new System.Text.Json.Nodes.JsonObject { ["status"] = System.Text.Json.Nodes.JsonNode.Parse(KubernetesJson.Serialize(status)) };
                await client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), "mesh-operator-abc", "mesh-system");
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            Directory.Delete(Dir, recursive: true);
        }
    }
}
