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
/// A second xDS server implementation behind our config: gRPC C-core 1.51 (Debian's python3-grpcio,
/// <c>grpc.server(xds=True)</c>) as a proxyless gRPC server whose pod has a MeshPolicy with one Allow rule. The allowed
/// method passes and the other gets PERMISSION_DENIED (C-core's RBAC filter reads the same Listener grpc-js does), and
/// a server bound to <c>localhost:port</c> works because C-core resolves the name and subscribes per resolved IP.
/// </summary>
public sealed class CoreXdsServerTests(ITestOutputHelper output)
{
    private const string Python = "/usr/bin/python3";
    private static readonly string Script = RepoPaths.Of("tests", "XdsServer.Tests", "Translation", "RealClient", "python", "core_rbac_server.py");
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("localhost", "127.0.0.1")]
    public async Task A_core_xds_server_admits_the_allowed_method_and_refuses_the_other_with_permission_denied(string bind, string subscribedHost)
    {
        await using var xds = await XdsTestServer.StartAsync(services: s => s.AddMeshConfigServer());
        var port = FreePorts.Loopback();
        var pod = new Workload { Name = "echo-1", Namespace = "demo", Ip = "10.9.8.7", Labels = new Dictionary<string, string> { ["app"] = "echo" } };
        var nodeId = SidecarContract.NodeId(pod.Ip, pod.Name, pod.Namespace);
        var config = xds.Get<MeshConfigServer>();
        config.Publish(new MeshModel { Services = [EchoAllowing("Which", port)], Workloads = [pod] }).Should().BeEmpty();
        var bootstrap = BootstrapWithServerTemplate($"127.0.0.1:{xds.Address.Port}", nodeId);
        try
        {
            await using var server = NodeProcess.StartProgram(Python, [Script], new Dictionary<string, string>
            {
                ["GRPC_XDS_BOOTSTRAP"] = bootstrap,
                ["MESH_SERVER_ADDRESS"] = $"{bind}:{port}",
                ["MESH_CONFORMANCE_TIMEOUT_MS"] = "90000",
                ["PYTHONUNBUFFERED"] = "1",
            }, Path.GetDirectoryName(Script));

            output.WriteLine($"started: {await server.NextAsync("started", Step)}");
            await server.SendAsync(new { cmd = "serving", timeoutMs = 20000 });
            var serving = await server.NextAsync("serving", Step);
            serving.GetProperty("which").GetString().Should().Be("OK", $"the server serves once it has its Listener: {serving}\n{server.Stderr}");

            await server.SendAsync(new { cmd = "probe" });
            var probe = await server.NextAsync("probe", Step);
            output.WriteLine($"probe: {probe}");
            probe.GetProperty("which").GetString().Should().Be("OK");
            probe.GetProperty("secret").GetString().Should().Be("PERMISSION_DENIED", "no Allow rule covers it");
            probe.GetProperty("details").GetProperty("secret").GetString().Should().Be("Unauthorized RPC rejected", "C-core's RBAC filter refused it");

            var status = await xds.WaitForStatusAsync(nodeId, s => s.Types.Any(t => t.TypeUrl == TypeUrls.Listener && t.AckedVersion is not null));
            status.Types.Single(t => t.TypeUrl == TypeUrls.Listener).SubscribedNames
                .Should().Contain(XdsNames.ProxylessServerListener(subscribedHost, port), "C-core subscribes with the resolved IP");
            status.Types.Should().OnlyContain(t => t.LastNack == null, "C-core accepts the server Listener and its RBAC");

            // The same kubectl-apply flip as the grpc-js server: the next calls follow the new rule.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            config.Publish(new MeshModel { Services = [EchoAllowing("Secret", port)], Workloads = [pod] }).Should().BeEmpty();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            (string Which, string Secret) flipped;
            do
            {
                await server.SendAsync(new { cmd = "probe" });
                var next = await server.NextAsync("probe", Step);
                flipped = (next.GetProperty("which").GetString()!, next.GetProperty("secret").GetString()!);
            }
            while (flipped != ("PERMISSION_DENIED", "OK") && DateTime.UtcNow < deadline);
            flipped.Should().Be(("PERMISSION_DENIED", "OK"), "the flipped rule applies to the next calls");
            output.WriteLine($"flipped rule in effect after {clock.ElapsedMilliseconds} ms");
            await server.SendAsync(new { cmd = "exit" });
        }
        finally
        {
            File.Delete(bootstrap);
        }
    }
}
