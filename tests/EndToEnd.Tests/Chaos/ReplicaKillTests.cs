using System.Net;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;
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
/// Chaos, bounded and on loopback: every operator replica is stopped in turn while a proxy is connected to it. The
/// stream ends without the server first sending anything that would empty the proxy's config, and the proxy,
/// reconnecting to another replica with the same node id, gets the very same resources at the same version, so it keeps
/// serving with no change (Envoy keeps its last config while it reconnects). At the end the survivor's resources for
/// the proxy, every type, are compared with a fresh replica's (<see cref="XdsSnapshot"/>).
/// </summary>
public sealed class ReplicaKillTests : OperatorApiTest
{
    internal const string Ns = "replicakill";
    private const string ClusterType = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
    internal const string Cluster = "outbound|8080||web.replicakill.svc.cluster.local";

    [Fact]
    public async Task Proxies_reconnecting_after_each_replica_is_stopped_get_the_same_config_from_the_next()
    {
        var node = $"killed-client~{Guid.NewGuid():N}";
        var replicas = new List<WebApplication> { OperatorReplicas.Build(Api.Server.ClientConfiguration, "replica-a"), OperatorReplicas.Build(Api.Server.ClientConfiguration, "replica-b") };
        try
        {
            foreach (var replica in replicas)
            {
                await replica.StartAsync();
            }

            (await Api.Kubectl.ApplyAsync(Manifests)).ExitCode.Should().Be(0);
            var ready = await Api.Kubectl.RunAsync("wait", "--for=condition=Ready", "meshpolicy/web", "-n", Ns, "--timeout=60s");
            ready.ExitCode.Should().Be(0, ready.ToString());
            (await Eventually.Holds(() => Task.FromResult(replicas.All(r => OperatorReplicas.ServesCluster(r, Cluster))), TimeSpan.FromSeconds(20))).Should().BeTrue("every replica serves the policy");

            var (firstVersion, firstBytes) = await ConnectAndReadAsync(replicas[0], node, stopAfterwards: true);

            // Stopped in turn: each time a new replica joins, the proxy's replica goes, and the proxy moves on.
            for (var turn = 1; turn <= 2; turn++)
            {
                var next = OperatorReplicas.Build(Api.Server.ClientConfiguration, $"replica-{turn + 2}");
                replicas.Add(next);
                await next.StartAsync();
                (await Eventually.Holds(() => Task.FromResult(OperatorReplicas.ServesCluster(next, Cluster)), TimeSpan.FromSeconds(20))).Should().BeTrue("the new replica serves the policy");

                var (version, bytes) = await ConnectAndReadAsync(replicas[turn], node, stopAfterwards: true);
                version.Should().Be(firstVersion, "every replica versions the same content the same way");
                bytes.Should().Equal(firstBytes, "the reconnecting proxy gets exactly the config it had");
            }

            // Nothing lost, xDS half: the last replica standing serves the proxy every resource a fresh replica started on
            // the same API state serves, byte for byte (versions and nonces aside).
            var served = await XdsSnapshot.TakeAsync(OperatorReplicas.XdsUrl(replicas[^1]), node);
            var fresh = OperatorReplicas.Build(Api.Server.ClientConfiguration, "replica-fresh");
            replicas.Add(fresh);
            await fresh.StartAsync();
            (await Eventually.Holds(() => Task.FromResult(OperatorReplicas.ServesCluster(fresh, Cluster)), TimeSpan.FromSeconds(20))).Should().BeTrue("the fresh replica serves the policy");
            var recomputed = await XdsSnapshot.TakeAsync(OperatorReplicas.XdsUrl(fresh), node);
            served.Should().ContainKey($"Cluster {Cluster}");
            recomputed.Should().Equal(served, "a fresh operator computes the same xDS resources for the proxy");
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.StopAsync();
                await replica.DisposeAsync();
            }
        }
    }

    /// <summary>Connects as <paramref name="node"/>, reads and ACKs the cluster, then stops the replica and checks how the stream ends.</summary>
    private static async Task<(string Version, byte[] Bytes)> ConnectAndReadAsync(WebApplication replica, string node, bool stopAfterwards)
    {
        await using var proxy = new AdsTestClient(OperatorReplicas.XdsUrl(replica), node);
        await proxy.SubscribeAsync(ClusterType, Cluster);
        var response = await proxy.ReceiveAsync();
        response.Resources.Should().ContainSingle();
        await proxy.AckAsync(response, Cluster);
        if (stopAfterwards)
        {
            var stopping = replica.StopAsync();
            var end = await proxy.WaitForEndAsync();
            // The server ends the stream with UNAVAILABLE ("shutting down"), but the host closing the connection right
            // after can reach the client first (INTERNAL, a reset): any error status makes a proxy reconnect.
            end.StatusCode.Should().NotBe(Grpc.Core.StatusCode.OK, "a replica going away ends its streams, so the proxy reconnects elsewhere");
            await stopping;
            proxy.Pending().Should().NotContain(r => r.Resources.Count == 0, "nothing sent on the way out may empty the proxy's config");
        }

        return (response.VersionInfo, response.Resources.Single().ToByteArray());
    }

    internal const string Manifests = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: replicakill}
        ---
        apiVersion: mesh.dev/v1alpha1
        kind: MeshPolicy
        metadata: {name: web, namespace: replicakill}
        spec:
          services:
            - name: web
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: replicakill}
        spec:
          selector: {app: web}
          ports: [{name: http, port: 8080, targetPort: 8080, appProtocol: http}]

        """;
}
