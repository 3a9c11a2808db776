using System.Diagnostics;
using System.Text.Json;
using Mesh.Testing;
using Xunit.Abstractions;

namespace Mesh.EndToEnd.Tests.Mesh;

/// <summary>
/// Status per policy, woken by the proxies: a client that connects after a policy settled and NACKs it is seen at
/// once, and only by that policy. Two namespaces with one policy each, on one local mode.
/// </summary>
public sealed class ProxyStatusTests(LocalMeshFixture mesh, ITestOutputHelper output) : IClassFixture<LocalMeshFixture>
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_client_nacking_one_policys_cluster_after_ready_turns_only_that_policy_not_programmed_within_two_seconds_and_its_ack_restores_it()
    {
        await ApplyAsync(Namespace("nack-a") + Namespace("nack-b") + Policy("nack-a", "RoundRobin") + Policy("nack-b", "RoundRobin") + Workload("nack-a") + Workload("nack-b"));
        await WaitAsync("nack-a", "Ready");
        await WaitAsync("nack-b", "Ready");
        var otherBefore = await ConditionsAsync("nack-b");
        var cluster = "outbound|8080||web.nack-a.svc.cluster.local";

        await using var client = new AdsTestClient($"http://{mesh.XdsAddress}", $"nack-client~{Guid.NewGuid():N}");
        await client.SubscribeAsync(ClusterType, cluster);
        var clusters = await client.ReceiveAsync();
        clusters.Resources.Should().ContainSingle("the client subscribed to one cluster of nack-a");
        var clock = Stopwatch.StartNew();
        await client.NackAsync(clusters, $"cluster {cluster}: lb_policy is not supported by this client", cluster);

        var rejected = await Eventually.Holds(async () => Programmed(await ConditionsAsync("nack-a")) is ("False", "ProxyRejected"), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50));
        var seenAfter = clock.Elapsed;
        output.WriteLine($"Programmed=False/ProxyRejected seen {seenAfter.TotalMilliseconds:F0} ms after the NACK was sent");
        rejected.Should().BeTrue($"the NACK should turn nack-a Programmed=False:\n{await DescribeAsync("nack-a")}");
        seenAfter.Should().BeLessThan(TimeSpan.FromSeconds(2), "proxy events wake the policy; nothing polls");
        var described = await DescribeAsync("nack-a");
        described.Should().MatchRegex(@"Field:\s+spec\.services\[0\]\.loadBalancing", "the rejected cluster maps back to its field");
        (await ConditionsAsync("nack-b")).Should().BeEquivalentTo(otherBefore, "a proxy that never received nack-b's resources leaves it as it was");

        // The fix (a new generation) is pushed on the open stream; the client ACKs it and the policy is Programmed again.
        await ApplyAsync(Policy("nack-a", "Random"));
        var fixedClusters = await client.ReceiveAsync();
        await client.AckAsync(fixedClusters, cluster);
        var restored = await Eventually.Holds(async () => Programmed(await ConditionsAsync("nack-a")) is ("True", "AllProxiesAcked"), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50));
        restored.Should().BeTrue($"the ACK should make nack-a Programmed again:\n{await DescribeAsync("nack-a")}");
        (await ReadPolicyAsync("nack-a")).GetProperty("status").GetProperty("proxies").GetProperty("acked").GetInt32().Should().Be(1);
        (await ReadPolicyAsync("nack-b")).GetProperty("status").GetProperty("proxies").GetProperty("connected").GetInt32().Should().Be(0);
    }

    private const string ClusterType = "type.googleapis.com/envoy.config.cluster.v3.Cluster";

    private static (string Status, string Reason) Programmed(IReadOnlyList<(string Type, string Status, string Reason)> conditions) =>
        conditions.Where(c => c.Type == "Programmed").Select(c => (c.Status, c.Reason)).FirstOrDefault(("", ""));

    private async Task<IReadOnlyList<(string Type, string Status, string Reason)>> ConditionsAsync(string ns)
    {
        var policy = await ReadPolicyAsync(ns);
        return policy.TryGetProperty("status", out var status) && status.TryGetProperty("conditions", out var conditions)
            ? conditions.EnumerateArray().Select(c => (c.GetProperty("type").GetString()!, c.GetProperty("status").GetString()!, c.GetProperty("reason").GetString()!)).ToList()
            : [];
    }

    private async Task<JsonElement> ReadPolicyAsync(string ns)
    {
        using var doc = JsonDocument.Parse(await mesh.Kubectl.MustAsync("get", "meshpolicy", "web", "-n", ns, "-o", "json"));
        return doc.RootElement.Clone();
    }

    private async Task ApplyAsync(string yaml)
    {
        var result = await mesh.Kubectl.ApplyAsync(yaml);
        result.ExitCode.Should().Be(0, $"kubectl apply should succeed: {result}");
    }

    private async Task WaitAsync(string ns, string condition)
    {
        var result = await mesh.Kubectl.RunAsync("wait", $"--for=condition={condition}", "meshpolicy/web", "-n", ns, $"--timeout={(int)Settle.TotalSeconds}s");
        result.ExitCode.Should().Be(0, $"{condition} should hold: {result}\n{await DescribeAsync(ns)}");
    }

    private async Task<string> DescribeAsync(string ns) => (await mesh.Kubectl.RunAsync("describe", "meshpolicy", "web", "-n", ns)).StdOut;

    private static string Policy(string ns, string algorithm) => $$$"""
        ---
        apiVersion: mesh.dev/v1alpha1
        kind: MeshPolicy
        metadata: {name: web, namespace: {{{ns}}}}
        spec:
          services:
            - name: web
              loadBalancing: {algorithm: {{{algorithm}}}}

        """;

    private static string Namespace(string ns) => $$$"""
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: {{{ns}}}}

        """;

    // After the policies: a pod created before its policy exists starts without a sidecar (WorkloadsReady says so).
    private static string Workload(string ns) => $$$"""
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: {{{ns}}}}
        spec:
          selector: {app: web}
          ports: [{name: http, port: 8080, targetPort: 8080, appProtocol: http}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: {{{ns}}}}
        spec:
          replicas: 1
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: example.com/web:1, ports: [{containerPort: 8080}]}]

        """;
}
