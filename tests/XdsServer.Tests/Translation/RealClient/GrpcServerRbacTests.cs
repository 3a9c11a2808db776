using Mesh.Testing;
using Mesh.XdsServer.Config;
using Mesh.XdsServer.Contract;
using Mesh.XdsServer.Hosting;
using Mesh.XdsServer.Model;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Tests.Support;
using Mesh.XdsServer.Translation;
using Xunit.Abstractions;

using static Mesh.XdsServer.Tests.Translation.RealClient.ProxylessServerSetup;

namespace Mesh.XdsServer.Tests.Translation.RealClient;

/// <summary>
/// The translator's proxyless server listener run by a real gRPC server: a @grpc/grpc-js-xds XdsServer with
/// GRPC_XDS_EXPERIMENTAL_RBAC=true, served by our ADS server. Proves the listener (A36 name and address, path safety
/// fields, RBAC, non_forwarding route) is accepted, that a method no Allow rule covers gets PERMISSION_DENIED while the
/// allowed one passes, and that a flipped rule takes effect on the next calls. Sources are plaintext here (principals
/// need the mesh CA: AuthorizationSimulationTests cover them).
/// </summary>
public sealed class GrpcServerRbacTests(ITestOutputHelper output)
{
    private static readonly string Script = GrpcJsServerScript;
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_xds_server_admits_the_allowed_method_refuses_the_other_and_follows_a_flipped_rule()
    {
        await using var xds = await XdsTestServer.StartAsync();
        var nodeId = $"grpc-server~{Guid.NewGuid():N}";
        var port = FreePorts.Loopback();
        var bootstrap = BootstrapWithServerTemplate($"127.0.0.1:{xds.Address.Port}", nodeId);
        try
        {
            await using var node = NodeProcess.Start(Script, new Dictionary<string, string>
            {
                ["GRPC_XDS_BOOTSTRAP"] = bootstrap,
                ["GRPC_XDS_EXPERIMENTAL_RBAC"] = "true",
                ["MESH_SERVER_ADDRESS"] = $"127.0.0.1:{port}",
                ["MESH_CONFORMANCE_TIMEOUT_MS"] = "90000",
            }, Path.GetDirectoryName(Script));

            xds.Cache.SetSnapshot(nodeId, SnapshotAllowing("Which", port));
            var serving = await node.NextAsync("serving", Step);
            output.WriteLine($"serving: {serving}");

            var first = await ProbeAsync(node);
            first.Which.Should().Be("OK", node.Stderr);
            first.Secret.Should().Be("PERMISSION_DENIED", "no Allow rule covers it");

            var clock = System.Diagnostics.Stopwatch.StartNew();
            xds.Cache.SetSnapshot(nodeId, SnapshotAllowing("Secret", port));
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
            (string Which, string Secret) flipped;
            do
            {
                flipped = await ProbeAsync(node);
            }
            // A36: connections made under the old Listener drain with its config, so one probe may straddle the switch.
            while (flipped != ("PERMISSION_DENIED", "OK") && DateTime.UtcNow < deadline);
            flipped.Should().Be(("PERMISSION_DENIED", "OK"), "the flipped rule applies within 2 s");
            output.WriteLine($"flipped rule in effect after {clock.ElapsedMilliseconds} ms");
            await node.SendAsync(new { cmd = "exit" });
        }
        finally
        {
            File.Delete(bootstrap);
        }
    }

    /// <summary>
    /// Item 7 end to end: the config server, not a hand-set snapshot, serves the pod's server listener for whatever
    /// address the XdsServer bound (a wildcard or loopback, pre-built; or 127.0.0.2, an address the scope does not know,
    /// answered on demand by the snapshot's listener template), echoing it, with the pod's RBAC. The node id names the
    /// pod; the gRPC user agent makes it a proxyless pod.
    /// </summary>
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.2")]
    public async Task The_config_server_answers_the_listener_of_the_address_the_server_bound(string host)
    {
        await using var xds = await XdsTestServer.StartAsync(services: s => s.AddMeshConfigServer());
        var port = FreePorts.Loopback();
        var pod = new Workload { Name = "echo-1", Namespace = "demo", Ip = "10.9.8.7", Labels = new Dictionary<string, string> { ["app"] = "echo" } };
        var nodeId = SidecarContract.NodeId(pod.Ip, pod.Name, pod.Namespace);
        xds.Get<MeshConfigServer>().Publish(new MeshModel { Services = [EchoAllowing("Which", port)], Workloads = [pod] }).Should().BeEmpty();
        var bootstrap = BootstrapWithServerTemplate($"127.0.0.1:{xds.Address.Port}", nodeId);
        try
        {
            await using var node = NodeProcess.Start(Script, new Dictionary<string, string>
            {
                ["GRPC_XDS_BOOTSTRAP"] = bootstrap,
                ["GRPC_XDS_EXPERIMENTAL_RBAC"] = "true",
                ["MESH_SERVER_ADDRESS"] = $"{host}:{port}",
                ["MESH_CONFORMANCE_TIMEOUT_MS"] = "90000",
            }, Path.GetDirectoryName(Script));

            var serving = await node.NextAsync("serving", Step);
            output.WriteLine($"serving: {serving}");
            (await ProbeAsync(node)).Should().Be(("OK", "PERMISSION_DENIED"), node.Stderr);

            var name = XdsNames.ProxylessServerListener(host, port);
            var status = await xds.WaitForStatusAsync(nodeId, s => s.Types.Any(t => t.TypeUrl == TypeUrls.Listener && t.AckedVersion is not null));
            status.Types.Single(t => t.TypeUrl == TypeUrls.Listener).SubscribedNames.Should().Contain(name);
            status.Types.Should().OnlyContain(t => t.LastNack == null);
            xds.Cache.TryGetSnapshot(status.Key, out var snapshot).Should().BeTrue();
            var listener = (Envoy.Config.Listener.V3.Listener)snapshot!.Get(TypeUrls.Listener).Find(name)!.Message;
            (listener.Address.SocketAddress.Address, listener.Address.SocketAddress.PortValue).Should().Be((host, (uint)port), "the Listener echoes the bound address");
            await node.SendAsync(new { cmd = "exit" });
        }
        finally
        {
            File.Delete(bootstrap);
        }
    }

    /// <summary>
    /// The limitation behind answering host names: grpc-js-xds 1.14's XdsServer.bindAsync accepts only IP:port, so it
    /// never subscribes to a host-name listener (<c>localhost:port</c> throws before any xDS request). gRPC C-core
    /// resolves a host name and subscribes per resolved IP (CoreXdsServerTests). The server answers host names anyway
    /// (ProxylessServerListenerTemplateTests, ResourceTemplateTests) for implementations that send them.
    /// </summary>
    [Fact]
    public async Task Grpc_js_refuses_to_bind_an_xds_server_to_a_host_name()
    {
        var bootstrap = BootstrapWithServerTemplate("127.0.0.1:1", $"grpc-server~{Guid.NewGuid():N}");
        try
        {
            await using var node = NodeProcess.Start(Script, new Dictionary<string, string>
            {
                ["GRPC_XDS_BOOTSTRAP"] = bootstrap,
                ["MESH_SERVER_ADDRESS"] = "localhost:50051",
                ["MESH_CONFORMANCE_TIMEOUT_MS"] = "30000",
            }, Path.GetDirectoryName(Script));

            var refused = await node.NextAsync("refused", Step);
            refused.GetProperty("error").GetString().Should()
                .Be("Listening port string must have the format IP:port with non-zero port, got localhost:50051");
            await node.SendAsync(new { cmd = "exit" });
        }
        finally
        {
            File.Delete(bootstrap);
        }
    }

    private static async Task<(string Which, string Secret)> ProbeAsync(NodeProcess node)
    {
        await node.SendAsync(new { cmd = "probe" });
        var probe = await node.NextAsync("probe", Step);
        return (probe.GetProperty("which").GetString()!, probe.GetProperty("secret").GetString()!);
    }

    /// <summary>The translator's server listener for 127.0.0.1:<paramref name="port"/>, an Allow rule on one method.</summary>
    private static Snapshot SnapshotAllowing(string method, int port)
    {
        var service = EchoAllowing(method, port);
        var scope = new ProxyScope { Namespace = "demo", Kind = ProxyKind.ProxylessGrpc, Labels = new Dictionary<string, string> { ["app"] = "echo" } };
        var context = new TranslationContext(new SharedTranslation(new MeshModel { Services = [service] }), scope);
        var listener = ProxylessServerListenerBuilder.Build(context, "127.0.0.1", port);
        listener.Name.Should().Be($"xds.mesh.dev/grpc/lds/inbound/127.0.0.1:{port}");
        return Snapshot.Create([listener]);
    }
}
