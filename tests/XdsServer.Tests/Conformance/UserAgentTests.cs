using System.Collections.Concurrent;
using Envoy.Config.Core.V3;
using Mesh.Testing;
using Mesh.XdsServer.Tests.Support;
using Xunit.Abstractions;

namespace Mesh.XdsServer.Tests.Conformance;

/// <summary>What the real proxyless clients put in node.user_agent_name / user_agent_version on their first request.</summary>
public sealed class UserAgentTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Capture()
    {
        var nodes = new ConcurrentDictionary<string, Node>();
        await using var server = await XdsTestServer.StartAsync(o => o.NodeKey = node =>
        {
            nodes[node.Id] = node.Clone();
            return node.Id;
        });
        var js = await FirstNodeAsync(server, nodes, (b, t) => NodeXdsClient.Start(b, t, TimeSpan.FromSeconds(30)), async c => { var n = (NodeXdsClient)c; await n.NextAsync("backends", Step); await n.SendAsync(new { cmd = "warmup", timeoutMs = 3000 }); });
        var core = await FirstNodeAsync(server, nodes, (b, t) => CoreXdsClient.Start(b, t, TimeSpan.FromSeconds(30)), async c => { var n = (CoreXdsClient)c; await n.NextAsync("backends", Step); await n.SendAsync(new { cmd = "warmup", timeoutMs = 3000 }); });
        output.WriteLine($"grpc-js: {js}");
        output.WriteLine($"core: {core}");
    }

    private static async Task<Node> FirstNodeAsync(XdsTestServer server, ConcurrentDictionary<string, Node> nodes, Func<string, string, IAsyncDisposable> start, Func<IAsyncDisposable, Task> ready)
    {
        var nodeId = $"agent~{Guid.NewGuid():N}";
        var bootstrap = GrpcXdsBootstrap.Write($"127.0.0.1:{server.Address.Port}", nodeId);
        try
        {
            await using var client = start(bootstrap, $"xds:///{ConformanceSnapshot.Host}");
            await ready(client);
            var until = DateTime.UtcNow + Step;
            while (!nodes.ContainsKey(nodeId) && DateTime.UtcNow < until)
            {
                await Task.Delay(20);
            }
            return nodes[nodeId];
        }
        finally
        {
            File.Delete(bootstrap);
        }
    }
}
