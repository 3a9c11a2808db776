using System.Collections.Concurrent;
using Envoy.Config.Core.V3;
using Mesh.Testing;
using Mesh.XdsServer.Model;
using Mesh.XdsServer.Tests.Support;
using Xunit.Abstractions;

namespace Mesh.XdsServer.Tests.Conformance;

/// <summary>
/// What the real proxyless clients put in node.user_agent_name / user_agent_version on their first request, read by
/// our own server, and what the capability table makes of it: the table is keyed on these strings, not on guesses.
/// </summary>
public sealed class UserAgentTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_capability_table_knows_what_grpc_js_xds_and_grpc_core_really_announce()
    {
        var nodes = new ConcurrentDictionary<string, Node>();
        await using var server = await XdsTestServer.StartAsync(o => o.NodeKey = node =>
        {
            nodes[node.Id] = node.Clone();
            return node.Id;
        });

        var js = await FirstNodeAsync(server, nodes, (b, t) => NodeXdsClient.Start(b, t, TimeSpan.FromSeconds(60)));
        var core = await FirstNodeAsync(server, nodes, (b, t) => CoreXdsClient.Start(b, t, TimeSpan.FromSeconds(60)));
        output.WriteLine($"grpc-js-xds: {js.UserAgentName} / {js.UserAgentVersion}");
        output.WriteLine($"C-core:      {core.UserAgentName} / {core.UserAgentVersion}");

        js.UserAgentName.Should().Be(ProxyCapabilityTable.GrpcJsUserAgent);
        js.UserAgentVersion.Should().Be("1.14.1", "the grpc-js-xds the build installs");
        ProxyCapabilityTable.Resolve(js.UserAgentName, js.UserAgentVersion).Should().Be(ProxyCapabilities.Full);

        core.UserAgentName.Should().StartWith(ProxyCapabilityTable.CoreUserAgentPrefix);
        core.UserAgentVersion.Should().StartWith("C-core 29.0.0", "grpcio 1.51 reports its core version, not the release");
        ProxyCapabilityTable.ClientOf(core.UserAgentName, core.UserAgentVersion)!.Value.Version.Should().Be(new Version(29, 0, 0));
        ProxyCapabilityTable.Resolve(core.UserAgentName, core.UserAgentVersion).Should().Be(ProxyCapabilities.Legacy);
    }

    private static async Task<Node> FirstNodeAsync(XdsTestServer server, ConcurrentDictionary<string, Node> nodes, Func<string, string, IConformanceClient> start)
    {
        var nodeId = $"agent~{Guid.NewGuid():N}";
        var bootstrap = GrpcXdsBootstrap.Write($"127.0.0.1:{server.Address.Port}", nodeId);
        try
        {
            await using var client = start(bootstrap, HeaderFormMesh.Target);
            await client.NextAsync("backends", Step);
            // Channels are lazy: the first call makes the client open its xDS stream.
            await client.SendAsync(new { cmd = "warmup", timeoutMs = 5000 });
            using var timeout = new CancellationTokenSource(Step);
            while (!nodes.ContainsKey(nodeId))
            {
                await Task.Delay(20, timeout.Token);
            }

            return nodes[nodeId];
        }
        finally
        {
            File.Delete(bootstrap);
        }
    }
}
