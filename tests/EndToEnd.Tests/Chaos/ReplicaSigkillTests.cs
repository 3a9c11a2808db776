using Mesh.EndToEnd.Tests.Mesh;
using Mesh.Testing;
using Mesh.XdsServer.Snapshots;
using Xunit.Abstractions;

namespace Mesh.EndToEnd.Tests.Chaos;

/// <summary>
/// Chaos, bounded and on loopback: operator replicas as separate processes (leader election on one Lease), each killed
/// with SIGKILL in turn while a proxy is connected to it. The proxy's stream ends with an error (the connection is
/// reset: nothing is sent on the way out), and the next replica serves it every resource the killed one served, byte
/// for byte (<see cref="XdsSnapshot"/>), so the proxy, which keeps its last config while it reconnects, loses nothing.
/// </summary>
public sealed class ReplicaSigkillTests(ITestOutputHelper output) : OperatorApiTest
{
    private static readonly TimeSpan Serve = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_proxy_of_each_replica_killed_with_sigkill_gets_the_same_resources_from_the_next()
    {
        (await Api.Kubectl.ApplyAsync(ReplicaKillTests.Manifests)).ExitCode.Should().Be(0);
        var node = $"sigkilled-client~{Guid.NewGuid():N}";
        var replicas = new List<OperatorProcess> { OperatorProcess.Start(Api.KubeconfigPath, "replica-a"), OperatorProcess.Start(Api.KubeconfigPath, "replica-b") };
        try
        {
            var served = await ServedAsync(replicas[0], node);
            for (var turn = 0; turn < 2; turn++)
            {
                var victim = replicas[turn];
                await using (var proxy = new AdsTestClient($"http://127.0.0.1:{victim.XdsPort}", node))
                {
                    await proxy.SubscribeAsync(TypeUrls.Cluster, ReplicaKillTests.Cluster);
                    var response = await proxy.ReceiveAsync();
                    await proxy.AckAsync(response, ReplicaKillTests.Cluster);
                    await victim.KillAsync();
                    var end = await proxy.WaitForEndAsync();
                    output.WriteLine($"turn {turn}: the stream ended with {end.StatusCode} ({end.Detail})");
                    end.StatusCode.Should().NotBe(Grpc.Core.StatusCode.OK, "a killed replica's stream ends with an error, so the proxy reconnects");
                    proxy.Pending().Should().NotContain(r => r.Resources.Count == 0, "nothing empties the proxy's config on the way out");
                }

                replicas.Add(OperatorProcess.Start(Api.KubeconfigPath, $"replica-{turn + 3}"));
                var next = replicas[turn + 1];
                var reserved = await ServedAsync(next, node);
                reserved.Should().ContainKey($"Cluster {ReplicaKillTests.Cluster}");
                reserved.Should().Equal(served, $"replica {turn + 2} serves exactly what the killed replica served");
            }
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }

    /// <summary>The replica's resources for the node, once it serves the policy's cluster (it may still be starting).</summary>
    private static async Task<IReadOnlyDictionary<string, string>> ServedAsync(OperatorProcess replica, string node)
    {
        IReadOnlyDictionary<string, string>? served = null;
        var ready = await Eventually.Holds(async () =>
        {
            try
            {
                served = await XdsSnapshot.TakeAsync($"http://127.0.0.1:{replica.XdsPort}", node);
                return served.ContainsKey($"Cluster {ReplicaKillTests.Cluster}");
            }
            catch (Exception e) when (e is Grpc.Core.RpcException or OperationCanceledException or System.Threading.Channels.ChannelClosedException or HttpRequestException)
            {
                return false;
            }
        }, Serve, TimeSpan.FromMilliseconds(250));
        ready.Should().BeTrue($"the replica serves the policy\n{replica.Output}");
        return served!;
    }
}
