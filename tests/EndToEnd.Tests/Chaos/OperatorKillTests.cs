using Mesh.EndToEnd.Tests.Mesh;
using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using Mesh.LocalCluster;
using Mesh.LocalCluster.Http;
using Mesh.Testing;
using Mesh.XdsServer.Contract;
using Xunit.Abstractions;

namespace Mesh.EndToEnd.Tests.Chaos;

/// <summary>
/// Chaos, bounded and on loopback: mesh-operator in its own process against the embedded API with the shop and
/// payments samples, killed with SIGKILL as soon as it starts writing children; while it is down one policy is
/// deleted and the other edited (a watch gap with a delete); a new process must converge with no orphaned, doubly
/// owned or stale child, and then a third, fresh operator must find nothing to change (the comparer: children, and
/// the xDS resources served to a proxyless client and to every shop sidecar).
/// </summary>
public sealed class OperatorKillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);
    private static readonly string[] ShopAccounts = ["details", "productpage", "ratings", "reviews"];
    private readonly EmbeddedApiFixture _api = new();

    public Task InitializeAsync() => _api.InitializeAsync();

    public Task DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task An_operator_killed_while_writing_children_then_restarted_after_a_delete_and_an_edit_leaves_exactly_the_children_a_fresh_operator_computes()
    {
        var kubectl = _api.Kubectl;
        var client = new Kubernetes(_api.Server.ClientConfiguration);
        await InstallAsync(kubectl);

        // 1. Killed mid-write: as soon as the first workload certificate Secret of the shop exists.
        var first = OperatorProcess.Start(_api.KubeconfigPath);
        await using (first)
        {
            await Eventually.True(async () => (await client.CoreV1.ListNamespacedSecretAsync("shop")).Items.Any(s => s.Metadata.Name.StartsWith("mesh-workload-", StringComparison.Ordinal)),
                () => $"the operator starts writing children (the operator {(first.HasExited ? "has exited" : "is running")}); its output:\n{first.Output}", Converge, TimeSpan.FromMilliseconds(20));
            await first.KillAsync();
        }

        var atKill = await ChildSnapshot.TakeAsync(client);
        output.WriteLine($"children when killed: {atKill.Children.Count}");

        // 2. The watch gap: payments deleted, shop edited (NetworkPolicies no longer wanted).
        await kubectl.MustAsync("delete", "meshpolicy", "payments", "-n", "payments", "--wait=false");
        await kubectl.MustAsync("patch", "meshpolicy", "shop", "-n", "shop", "--type=merge", "-p", """{"spec":{"networkPolicy":{"mode":"Disabled"}}}""");
        var generation = (await kubectl.MustAsync("get", "meshpolicy", "shop", "-n", "shop", "-o", "jsonpath={.metadata.generation}")).Trim();

        // 3. Restarted: converges on the new state.
        ChildSnapshot converged;
        IReadOnlyDictionary<string, string> served;
        var second = OperatorProcess.Start(_api.KubeconfigPath);
        await using (second)
        {
            var seen = "nothing yet";
            await Eventually.True(async () =>
            {
                var observed = await kubectl.RunAsync("get", "meshpolicy", "shop", "-n", "shop", "-o",
                    "jsonpath={.status.observedGeneration}/{.status.conditions[?(@.type==\"Accepted\")].status}");
                var snapshot = await ChildSnapshot.TakeAsync(client);
                var secrets = ShopAccounts.Count(sa => snapshot.Children.ContainsKey($"Secret shop/mesh-workload-{sa}"));
                var networkPolicies = snapshot.Children.Keys.Count(k => k.StartsWith("NetworkPolicy shop/", StringComparison.Ordinal));
                var inPayments = snapshot.Children.Keys.Count(k => k.Contains(" payments/", StringComparison.Ordinal));
                seen = $"shop status {observed.StdOut.Trim()} (want {generation}/True), workload Secrets {secrets} of {ShopAccounts.Length}, " +
                    $"NetworkPolicies in shop {networkPolicies} (want 0), children in payments {inPayments} (want 0)";
                return observed.StdOut.Trim() == $"{generation}/True" && secrets == ShopAccounts.Length && networkPolicies == 0 && inPayments == 0;
            }, () => $"the restarted operator converges (last seen: {seen}; the operator {(second.HasExited ? "has exited" : "is running")}); its output:\n{second.Output}", Converge, TimeSpan.FromMilliseconds(250));
            await IdleAsync(second);
            converged = await ChildSnapshot.TakeAsync(client);
            served = await XdsViewAsync(second, client);
            await second.KillAsync();
        }

        converged.Problems.Should().BeEmpty("no child may be orphaned or owned twice");
        (await kubectl.RunAsync("get", "meshpolicy", "payments", "-n", "payments")).ExitCode.Should().NotBe(0, "the deleted policy is gone (no finalizer left behind)");
        (await client.CoreV1.ListNamespacedSecretAsync("mesh-system")).Items.Count(s => s.Metadata.Name == "mesh-root-ca").Should().Be(1);

        // 4. The comparer: a fresh operator on the same API state computes the same children.
        var fresh = OperatorProcess.Start(_api.KubeconfigPath);
        await using (fresh)
        {
            await IdleAsync(fresh);
            var recomputed = await ChildSnapshot.TakeAsync(client);
            recomputed.Problems.Should().BeEmpty();
            recomputed.Children.Should().Equal(converged.Children, "a fresh operator must find nothing to add, remove or change");
            var reserved = await XdsViewAsync(fresh, client);
            output.WriteLine($"xDS resources served: {served.Count}");
            served.Keys.Should().Contain(k => k.StartsWith("sidecar productpage-v1-0 Listener ", StringComparison.Ordinal), "a sidecar of the shop is served");
            reserved.Should().Equal(served, "a fresh operator serves the proxies the same xDS resources as the restarted one");
        }
    }

    /// <summary>
    /// The xDS half of the comparer: what the operator serves a proxyless client (plaintext port) and the sidecar of every
    /// shop pod (mTLS port, with the pod's workload certificate), every type, keyed "node resource".
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, string>> XdsViewAsync(OperatorProcess process, Kubernetes client)
    {
        var view = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, hash) in await XdsSnapshot.TakeAsync($"http://127.0.0.1:{process.XdsPort}", "chaos-proxyless~1"))
        {
            view[$"proxyless {key}"] = hash;
        }

        foreach (var pod in (await client.CoreV1.ListNamespacedPodAsync("shop")).Items)
        {
            var secret = await client.CoreV1.ReadNamespacedSecretAsync($"mesh-workload-{pod.Spec.ServiceAccountName}", "shop");
            using var identity = MeshIdentity.From(secret);
            var node = SidecarContract.NodeId("10.0.0.1", pod.Metadata.Name, "shop");
            foreach (var (key, hash) in await XdsSnapshot.TakeAsync($"https://127.0.0.1:{process.XdsTlsPort}", node, identity.XdsChannel(TimeProvider.System)))
            {
                view[$"sidecar {pod.Metadata.Name} {key}"] = hash;
            }
        }

        return view;
    }

    /// <summary>Waits until the operator reconciled at least once and every work queue is empty.</summary>
    private static async Task IdleAsync(OperatorProcess process)
    {
        using var http = new HttpClient();
        var metrics = new Uri($"http://127.0.0.1:{process.HttpPort}/metrics");
        await Eventually.True(async () =>
        {
            string text;
            try
            {
                text = await http.GetStringAsync(metrics);
            }
            catch (HttpRequestException)
            {
                return false;
            }

            var lines = text.Split('\n');
            double Sum(string name) => lines.Where(l => l.StartsWith(name, StringComparison.Ordinal))
                .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
            return Sum("controller_runtime_reconcile_total{") > 0 && Sum("workqueue_depth{") == 0 && Sum("controller_runtime_active_workers{") == 0;
        }, () => $"the operator reconciles and goes idle (the operator {(process.HasExited ? "has exited" : "is running")}); its output:\n{process.Output}", Converge, TimeSpan.FromMilliseconds(250));
    }

    private static async Task InstallAsync(Kubectl kubectl)
    {
        foreach (var crd in Directory.GetFiles(RepoPaths.Crd, "*.yaml"))
        {
            await kubectl.MustAsync("apply", "--server-side", "-f", crd);
        }

        await kubectl.MustAsync("wait", "--for=condition=established", "crd", "--all", "--timeout=60s");
        await kubectl.MustAsync("apply", "--server-side", "-f", RepoPaths.Of("config", "manager", "namespace.yaml"));
        foreach (var sample in new[] { "shop", "payments" })
        {
            var folder = Path.Combine(RepoPaths.Samples, sample);
            await kubectl.MustAsync("apply", "--server-side", "-f", folder);
            var pods = await kubectl.WithManifestAsync(PodsOf(folder), "apply", "--server-side");
            pods.ExitCode.Should().Be(0, pods.ToString());
        }
    }

    /// <summary>One pod per Deployment of the sample, from its template (no controller runs in the embedded API).</summary>
    private static string PodsOf(string folder) => string.Concat(Directory.GetFiles(folder, "*.yaml")
        .SelectMany(f => YamlToJson.Documents(File.ReadAllText(f)))
        .Where(o => (string?)o["kind"] == "Deployment")
        .Select(d => new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{d["metadata"]!["name"]}-0",
                ["namespace"] = d["metadata"]!["namespace"]?.DeepClone(),
                ["labels"] = d["spec"]!["template"]!["metadata"]!["labels"]!.DeepClone(),
            },
            ["spec"] = d["spec"]!["template"]!["spec"]!.DeepClone(),
        }.ToJsonString() + "\n"));
}
