using System.Net;
using System.Text.Json;
using k8s;
using Mesh.Operator.Hosting;
using Mesh.Operator.Runtime;
using Mesh.Testing;
using Mesh.XdsServer.Cache;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Mesh.EndToEnd.Tests.Mesh;

/// <summary>
/// Two operators on one embedded API: the follower plans and serves the same xDS config from its own informers, and
/// the answers of a proxy connected to it reach the leader's status write through the follower's status Lease.
/// </summary>
public sealed class TwoReplicaTests(LocalMeshFixture mesh, ITestOutputHelper output) : IClassFixture<LocalMeshFixture>
{
    private const string Ns = "replicas";
    private const string ClusterType = "type.googleapis.com/envoy.config.cluster.v3.Cluster";

    [Fact]
    public async Task A_proxy_on_the_follower_gets_the_leaders_config_and_its_nack_and_ack_reach_the_policy_status()
    {
        await using var second = OperatorHost.Build(new OperatorHostOptions
        {
            Kubernetes = KubernetesClientConfiguration.BuildConfigFromConfigFile(mesh.Session.KubeconfigPath),
            HttpEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
            XdsEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
            Manager = new ControllerManagerOptions { LeaderElection = new LeaderElectionOptions { LeaseNamespace = "mesh-system", Identity = "second-replica" } },
        });
        await second.StartAsync();
        try
        {
            var apps = new[] { mesh.Session.App, second };
            (await Eventually.Holds(() => Task.FromResult(apps.Count(a => a.Services.GetRequiredService<ControllerManager>().IsLeader) == 1), TimeSpan.FromSeconds(30)))
                .Should().BeTrue("one of the two replicas leads");
            var follower = apps.Single(a => !a.Services.GetRequiredService<ControllerManager>().IsLeader);
            var leader = apps.Single(a => a != follower);
            output.WriteLine($"follower: {(follower == second ? "the second operator" : "local mode's operator")}");

            var apply = await mesh.Kubectl.ApplyAsync(Manifests("RoundRobin"));
            apply.ExitCode.Should().Be(0, $"{apply}");
            await WaitAsync("Ready");
            const string cluster = "outbound|8080||web.replicas.svc.cluster.local";
            (await Eventually.Holds(() => Task.FromResult(Versions(follower) == Versions(leader) && Versions(leader).Contains(cluster, StringComparison.Ordinal)), TimeSpan.FromSeconds(20)))
                .Should().BeTrue($"the follower serves what the leader serves:\nleader:   {Versions(leader)}\nfollower: {Versions(follower)}");

            await using var client = new AdsTestClient(OperatorReplicas.XdsUrl(follower), $"replica-client~{Guid.NewGuid():N}");
            await client.SubscribeAsync(ClusterType, cluster);
            var clusters = await client.ReceiveAsync();
            clusters.Resources.Should().ContainSingle();
            await client.NackAsync(clusters, $"cluster {cluster}: lb_policy is not supported by this client", cluster);

            (await Eventually.Holds(async () => (await ProgrammedAsync()) == ("False", "ProxyRejected"), TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100)))
                .Should().BeTrue($"a NACK on the follower reaches the status the leader writes:\n{await DescribeAsync()}");

            (await mesh.Kubectl.ApplyAsync(Manifests("Random"))).ExitCode.Should().Be(0);
            var fixedClusters = await client.ReceiveAsync();
            await client.AckAsync(fixedClusters, cluster);
            (await Eventually.Holds(async () => (await ProgrammedAsync()) == ("True", "AllProxiesAcked"), TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100)))
                .Should().BeTrue($"the ACK on the follower makes the policy Programmed again:\n{await DescribeAsync()}");
        }
        finally
        {
            await second.StopAsync();
        }
    }

    /// <summary>The proxyless snapshot's cluster names and versions, as one comparable string.</summary>
    private static string Versions(WebApplication app) =>
        app.Services.GetRequiredService<SnapshotCache>().TryGetSnapshot(OperatorReplicas.ProxylessKey(app), out var snapshot)
            ? string.Join(",", snapshot.Get(ClusterType).Ordered.Where(r => r.Name.Contains(Ns, StringComparison.Ordinal)).Select(r => $"{r.Name}@{r.Version}"))
            : "";

    private Task<(string Status, string Reason)> ProgrammedAsync() => PolicyConditions.OfAsync(mesh.Kubectl, Ns, "web", "Programmed");

    private async Task WaitAsync(string condition)
    {
        var result = await mesh.Kubectl.RunAsync("wait", $"--for=condition={condition}", "meshpolicy/web", "-n", Ns, "--timeout=60s");
        result.ExitCode.Should().Be(0, $"{condition} should hold: {result}\n{await DescribeAsync()}");
    }

    private async Task<string> DescribeAsync() => (await mesh.Kubectl.RunAsync("describe", "meshpolicy", "web", "-n", Ns)).StdOut;

    private static string Manifests(string algorithm) => $$$"""
        apiVersion: v1
        kind: Namespace
        metadata: {name: replicas}
        ---
        apiVersion: mesh.dev/v1alpha1
        kind: MeshPolicy
        metadata: {name: web, namespace: replicas}
        spec:
          services:
            - name: web
              loadBalancing: {algorithm: {{{algorithm}}}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: replicas}
        spec:
          selector: {app: web}
          ports: [{name: http, port: 8080, targetPort: 8080, appProtocol: http}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: replicas}
        spec:
          replicas: 1
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: example.com/web:1, ports: [{containerPort: 8080}]}]

        """;
}
