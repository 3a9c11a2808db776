using System.Net;
using System.Text.Json;
using k8s;
using Mesh.EndToEnd.Tests.Mesh;
using Mesh.LocalCluster;
using Mesh.Operator.Hosting;
using Mesh.Operator.Runtime;
using Mesh.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.EndToEnd.Tests.Chaos;

/// <summary>
/// Chaos, bounded and on loopback: two operator replicas on one embedded API, a proxy connected to the follower. The
/// leader stops (releasing its Lease) and the proxy NACKs while the follower is still taking over: the NACK reaches the
/// policy's status, written by the new leader, and the fix that follows is ACKed and reported too.
/// </summary>
public sealed class LeaderChangeNackTests : OperatorApiTest
{
    private const string Ns = "leaderchange";
    private const string ClusterType = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
    private const string Cluster = "outbound|8080||web.leaderchange.svc.cluster.local";

    [Fact]
    public async Task A_nack_sent_while_the_leader_changes_reaches_the_status_the_new_leader_writes()
    {
        await using var first = OperatorReplicas.Build(Api.Server.ClientConfiguration, "replica-a");
        await first.StartAsync();
        (await Eventually.Holds(() => Task.FromResult(OperatorReplicas.IsLeader(first)), TimeSpan.FromSeconds(30))).Should().BeTrue("the first replica leads");
        await using var second = OperatorReplicas.Build(Api.Server.ClientConfiguration, "replica-b");
        await second.StartAsync();

        (await Api.Kubectl.ApplyAsync(Manifests("RoundRobin"))).ExitCode.Should().Be(0);
        var ready = await Api.Kubectl.RunAsync("wait", "--for=condition=Ready", "meshpolicy/web", "-n", Ns, "--timeout=60s");
        ready.ExitCode.Should().Be(0, ready.ToString());
        (await Eventually.Holds(() => Task.FromResult(OperatorReplicas.ServesCluster(second, Cluster)), TimeSpan.FromSeconds(20))).Should().BeTrue("the follower serves the policy's cluster");

        await using var proxy = new AdsTestClient(OperatorReplicas.XdsUrl(second), $"leaderchange-client~{Guid.NewGuid():N}");
        await proxy.SubscribeAsync(ClusterType, Cluster);
        var clusters = await proxy.ReceiveAsync();

        // The NACK goes out right after the leader released its Lease: the follower takes it over on its next retry
        // (up to 2 s later), so the NACK arrives while it is not yet the leader, in practice.
        await first.StopAsync();
        var nackedAsFollower = !OperatorReplicas.IsLeader(second);
        await proxy.NackAsync(clusters, $"cluster {Cluster}: lb_policy is not supported by this client", Cluster);

        (await Eventually.Holds(async () => OperatorReplicas.IsLeader(second) && await ProgrammedAsync() == ("False", "ProxyRejected"), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100)))
            .Should().BeTrue($"the new leader reports the NACK it saw while taking over (sent as follower: {nackedAsFollower}):\n{await DescribeAsync()}");

        (await Api.Kubectl.ApplyAsync(Manifests("Random"))).ExitCode.Should().Be(0);
        await proxy.AckAsync(await proxy.ReceiveAsync(), Cluster);
        (await Eventually.Holds(async () => await ProgrammedAsync() == ("True", "AllProxiesAcked"), TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100)))
            .Should().BeTrue($"the fix is ACKed and reported by the new leader:\n{await DescribeAsync()}");
    }

    private Task<(string Status, string Reason)> ProgrammedAsync() => PolicyConditions.OfAsync(Api.Kubectl, Ns, "web", "Programmed");

    private async Task<string> DescribeAsync() => (await Api.Kubectl.RunAsync("describe", "meshpolicy", "web", "-n", Ns)).StdOut;

    private static string Manifests(string algorithm) => $$$"""
        apiVersion: v1
        kind: Namespace
        metadata: {name: leaderchange}
        ---
        apiVersion: mesh.dev/v1alpha1
        kind: MeshPolicy
        metadata: {name: web, namespace: leaderchange}
        spec:
          services:
            - name: web
              loadBalancing: {algorithm: {{{algorithm}}}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: leaderchange}
        spec:
          selector: {app: web}
          ports: [{name: http, port: 8080, targetPort: 8080, appProtocol: http}]

        """;
}
