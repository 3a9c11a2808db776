using System.Text.Json;
using System.Text.RegularExpressions;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Mesh.Testing;

namespace Mesh.Meshctl.Tests;

/// <summary>
/// proxy-status and proxy-config against local mode, with one shop pod's sidecar connected over mTLS xDS that ACKs
/// clusters, listeners and endpoints and NACKs routes: meshctl reads it only through the API (pods/proxy to the
/// operator's Pod), as it would in a cluster.
/// </summary>
[Collection(LocalMeshCollection.Name)]
public sealed partial class ProxyCommandsTests(LocalMeshFixture mesh)
{
    private const string RouteError = "route 9080: invalid regex in virtual host reviews.shop.svc.cluster.local:9080";

    [Fact]
    public async Task Proxy_status_lists_the_sidecar_with_each_types_state_and_its_replica_then_the_pods_detail_with_the_NACK_text()
    {
        await using var sidecar = await ConnectAsync();

        var table = await EventuallyAsync(() => MeshctlRun.RunAsync("proxy-status", "--kubeconfig", mesh.Kubeconfig),
            r => r.Stdout.Contains("NACKED", StringComparison.Ordinal) && r.Stdout.Count(c => c == '\n') == 2);
        table.ExitCode.Should().Be(0, table.ToString());
        Golden.Verify("local/proxy-status.txt", Mask(table.ToString()));

        var detail = await MeshctlRun.RunAsync("proxy-status", $"{sidecar.Pod}.shop", "--kubeconfig", mesh.Kubeconfig);
        detail.ExitCode.Should().Be(0, detail.ToString());
        detail.Stdout.Should().Contain($"  {RouteError}\n", "the last NACK's text is shown as the proxy sent it");
        Golden.Verify("local/proxy-status-pod.txt", Mask(detail.ToString()));

        var byNamespace = await MeshctlRun.RunAsync("proxy-status", "-n", "payments", "--kubeconfig", mesh.Kubeconfig);
        byNamespace.Should().Be(new MeshctlResult(0, "No proxy is connected to the operator.\n", ""));
    }

    [Fact]
    public async Task Proxy_config_clusters_json_is_exactly_what_the_server_sent_and_short_is_a_table()
    {
        await using var sidecar = await ConnectAsync();

        var json = await MeshctlRun.RunAsync("proxy-config", "clusters", $"{sidecar.Pod}.shop", "-o", "json", "--kubeconfig", mesh.Kubeconfig);
        json.ExitCode.Should().Be(0, json.ToString());
        using var dump = JsonDocument.Parse(json.Stdout);
        dump.RootElement.GetProperty("@type").GetString().Should().Be("type.googleapis.com/envoy.admin.v3.ClustersConfigDump");
        dump.RootElement.GetProperty("version_info").GetString().Should().Be(sidecar.ClusterResponse.VersionInfo);
        dump.RootElement.GetProperty("dynamic_active_clusters").EnumerateArray().Select(c => c.GetProperty("cluster").GetProperty("name").GetString())
            .Should().BeEquivalentTo(sidecar.ClusterResponse.Resources.Select(r => r.Unpack<Cluster>().Name));

        var yaml = await MeshctlRun.RunAsync("proxy-config", "clusters", $"{sidecar.Pod}.shop", "-o", "yaml", "--kubeconfig", mesh.Kubeconfig);
        yaml.ExitCode.Should().Be(0, yaml.ToString());
        yaml.Stdout.Should().StartWith("'@type': type.googleapis.com/envoy.admin.v3.ClustersConfigDump\n");

        foreach (var section in new[] { "clusters", "listeners", "endpoints", "routes", "bootstrap" })
        {
            // The NACK of routes is the stream's last message: wait until the server has read it.
            var shortForm = await EventuallyAsync(() => MeshctlRun.RunAsync("proxy-config", section, $"{sidecar.Pod}.shop", "-o", "short", "--kubeconfig", mesh.Kubeconfig),
                r => section != "routes" || r.Stdout.Contains("Note: the proxy NACKed RDS", StringComparison.Ordinal));
            shortForm.ExitCode.Should().Be(0, shortForm.ToString());
            Golden.Verify($"local/proxy-config-{section}.txt", Mask(shortForm.ToString()));
        }
    }

    [Fact]
    public async Task Proxy_config_bootstrap_is_the_namespaces_configmap_with_the_pods_node()
    {
        await using var sidecar = await ConnectAsync();

        var result = await MeshctlRun.RunAsync("proxy-config", "bootstrap", $"{sidecar.Pod}.shop", "--kubeconfig", mesh.Kubeconfig);

        result.ExitCode.Should().Be(0, result.ToString());
        using var dump = JsonDocument.Parse(result.Stdout);
        dump.RootElement.GetProperty("@type").GetString().Should().Be("type.googleapis.com/envoy.admin.v3.BootstrapConfigDump");
        var bootstrap = dump.RootElement.GetProperty("bootstrap");
        bootstrap.GetProperty("node").GetProperty("id").GetString().Should().Be(sidecar.Client.NodeId, "the node id Envoy's flags give this pod is the one it connects with");
        bootstrap.GetProperty("dynamic_resources").GetProperty("ads_config").GetProperty("grpc_services")[0].GetProperty("envoy_grpc").GetProperty("cluster_name").GetString()
            .Should().Be("xds-grpc");
    }

    [Fact]
    public async Task The_built_binary_prints_the_same_status_and_exits_2_on_an_unknown_pod()
    {
        await using var sidecar = await ConnectAsync();
        var inProcess = await EventuallyAsync(() => MeshctlRun.RunAsync("proxy-status", $"{sidecar.Pod}.shop", "--kubeconfig", mesh.Kubeconfig),
            r => r.Stdout.Contains("NACKED", StringComparison.Ordinal));

        var built = await BuiltBinaryTests.ExecAsync("proxy-status", $"{sidecar.Pod}.shop", "--kubeconfig", mesh.Kubeconfig);
        var unknown = await BuiltBinaryTests.ExecAsync("describe", "pod", "no-such-pod.shop", "--kubeconfig", mesh.Kubeconfig);

        built.Code.Should().Be(0, built.Stderr);
        Mask(built.Stdout).Should().Be(Mask(inProcess.Stdout));
        unknown.Should().Be((2, "", "error: pod no-such-pod not found in namespace shop; kubectl get pods -n shop lists its pods (give POD.NAMESPACE).\n"));
    }

    [Fact]
    public async Task The_operator_pod_answers_through_pods_proxy_for_kubectl_too()
    {
        using var dir = new TempManifests();
        var kubectl = new Kubectl(mesh.Kubeconfig, Path.Combine(dir.Folder, "cache"));

        var raw = await kubectl.RunAsync("get", "--raw", "/api/v1/namespaces/mesh-system/pods/mesh-operator-local:8080/proxy/debug/xds/proxies");
        var pod = await kubectl.RunAsync("get", "pod", "mesh-operator-local", "-n", "mesh-system", "-o", "jsonpath={.status.phase} {.status.podIP} {.metadata.labels.app\\.kubernetes\\.io/name}");

        raw.ExitCode.Should().Be(0, raw.ToString());
        JsonDocument.Parse(raw.StdOut).RootElement.GetProperty("proxies").ValueKind.Should().Be(JsonValueKind.Array);
        pod.StdOut.Should().Be("Running 127.0.0.1 mesh-operator");
    }

    /// <summary>Versions (16 hex digits) and times change every run; pod IPs and names do not.</summary>
    internal static string Mask(string text)
    {
        text = Version().Replace(text, "<16-hex-version>");
        text = Time().Replace(text, "<time>");
        return MeshctlRun.Stable(text);
    }

    [Fact]
    public async Task Proxy_config_routes_of_a_proxy_that_ACKed_them_lists_each_virtual_host_route()
    {
        await using var sidecar = await ConnectAsync("productpage", nackRoutes: false);

        // The ACK of routes is the stream's last message: wait until the server has read it.
        var result = await EventuallyAsync(() => MeshctlRun.RunAsync("proxy-config", "routes", $"{sidecar.Pod}.shop", "--kubeconfig", mesh.Kubeconfig),
            r => r.Stdout.Contains("reviews.shop.svc.cluster.local:9080", StringComparison.Ordinal));

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain("reviews.shop.svc.cluster.local:9080").And.NotContain("Note:");
        Golden.Verify("local/proxy-config-routes-acked.txt", Mask(result.ToString()));
    }

    private async Task<ConnectedSidecar> ConnectAsync(string app = "reviews", bool nackRoutes = true)
    {
        var (client, pod) = await SidecarClient.ConnectAsync(mesh, app);
        await client.SubscribeAsync(SidecarClient.Clusters);
        var clusters = await client.ReceiveAsync(SidecarClient.Clusters);
        await client.AckAsync(clusters);
        await client.SubscribeAsync(SidecarClient.Listeners);
        var listeners = await client.ReceiveAsync(SidecarClient.Listeners);
        await client.AckAsync(listeners);

        var edsNames = clusters.Resources.Select(r => r.Unpack<Cluster>()).Where(c => c.Type == Cluster.Types.DiscoveryType.Eds)
            .Select(c => string.IsNullOrEmpty(c.EdsClusterConfig?.ServiceName) ? c.Name : c.EdsClusterConfig.ServiceName).Order(StringComparer.Ordinal).ToArray();
        await client.SubscribeAsync(SidecarClient.Endpoints, edsNames);
        var endpoints = await client.ReceiveAsync(SidecarClient.Endpoints);
        await client.AckAsync(endpoints, edsNames);

        var routeNames = listeners.Resources.Select(r => r.Unpack<Listener>())
            .SelectMany(l => l.FilterChains).SelectMany(c => c.Filters)
            .Where(f => f.TypedConfig?.Is(HttpConnectionManager.Descriptor) == true)
            .Select(f => f.TypedConfig.Unpack<HttpConnectionManager>().Rds?.RouteConfigName)
            .OfType<string>().Where(n => n.Length > 0).Distinct().Order(StringComparer.Ordinal).ToArray();
        await client.SubscribeAsync(SidecarClient.Routes, routeNames);
        var routes = await client.ReceiveAsync(SidecarClient.Routes);
        await (nackRoutes ? client.NackAsync(routes, RouteError, routeNames) : client.AckAsync(routes, routeNames));
        return new ConnectedSidecar(client, pod, clusters);
    }

    private static async Task<MeshctlResult> EventuallyAsync(Func<Task<MeshctlResult>> run, Func<MeshctlResult, bool> done)
    {
        MeshctlResult? last = null;
        var held = await Eventually.Holds(async () => done(last = await run()), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));
        held.Should().BeTrue($"meshctl should show the sidecar's state within 30 s; last output:\n{last}");
        return last!;
    }

    [GeneratedRegex(@"\b[0-9a-f]{16}\b")]
    private static partial Regex Version();

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")]
    private static partial Regex Time();

    private sealed record ConnectedSidecar(SidecarClient Client, string Pod, Envoy.Service.Discovery.V3.DiscoveryResponse ClusterResponse) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Client.DisposeAsync();
    }
}
