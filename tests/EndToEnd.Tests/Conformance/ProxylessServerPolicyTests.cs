using System.Text.Json;
using Mesh.Testing;
using Mesh.XdsServer.Contract;
using Xunit.Abstractions;

namespace Mesh.EndToEnd.Tests.Conformance;

/// <summary>
/// Issue 12 item 7 through the operator: a real @grpc/grpc-js-xds XdsServer (GRPC_XDS_EXPERIMENTAL_RBAC=true) runs as
/// a proxyless pod, bootstrapped the way the injector does it (its pod's node id, the plaintext xDS port, the A36
/// server listener template), behind a MeshPolicy applied with kubectl. The allowed method passes, the other gets
/// PERMISSION_DENIED, and a kubectl apply that flips the rule takes effect on the next calls within 2 s. Before the
/// plaintext port served pod node ids from gRPC libraries, this server never got its Listener (PERMISSION_DENIED on
/// the xDS stream) and never served.
/// </summary>
public sealed class ProxylessServerPolicyTests(ConformanceFixture fixture, ITestOutputHelper output) : IClassFixture<ConformanceFixture>
{
    private const string Namespace = "grpc-server";
    private static readonly string Script = RepoPaths.Of("tests", "XdsServer.Tests", "Translation", "RealClient", "node", "rbac-server.js");
    private static readonly string CoreScript = RepoPaths.Of("tests", "XdsServer.Tests", "Translation", "RealClient", "python", "core_rbac_server.py");
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_grpc_js_server_pod_enforces_the_policy_applied_with_kubectl_and_follows_a_flipped_rule_within_two_seconds()
    {
        var port = FreePorts.Loopback();
        await fixture.ApplyAsync(Workload(port) + Policy(port, "Which"));
        var accepted = await fixture.Mesh.Kubectl.RunAsync("wait", "--for=condition=Accepted", "meshpolicy/echo-srv", "-n", Namespace, "--timeout=60s");
        accepted.ExitCode.Should().Be(0, $"{accepted}");

        var nodeId = SidecarContract.NodeId("10.244.0.9", "echo-srv-0", Namespace);
        var bootstrap = GrpcXdsBootstrap.Write(fixture.Mesh.XdsAddress, nodeId, serverListenerTemplate: SidecarContract.ProxylessServerListenerTemplate);
        try
        {
            await using var server = NodeProcess.Start(Script, new Dictionary<string, string>
            {
                ["GRPC_XDS_BOOTSTRAP"] = bootstrap,
                ["GRPC_XDS_EXPERIMENTAL_RBAC"] = "true",
                ["MESH_SERVER_ADDRESS"] = $"127.0.0.1:{port}",
                ["MESH_CONFORMANCE_TIMEOUT_MS"] = "120000",
            }, Path.GetDirectoryName(Script));

            var serving = await server.NextAsync("serving", Step);
            output.WriteLine($"serving: {serving}");
            (await ProbeAsync(server)).Should().Be(("OK", "PERMISSION_DENIED"), server.Stderr);

            var clock = System.Diagnostics.Stopwatch.StartNew();
            await fixture.ApplyAsync(Policy(port, "Secret"));
            var applied = clock.ElapsedMilliseconds;
            (string Which, string Secret) flipped;
            do
            {
                flipped = await ProbeAsync(server);
            }
            while (flipped != ("PERMISSION_DENIED", "OK") && clock.Elapsed < TimeSpan.FromSeconds(2) + TimeSpan.FromMilliseconds(applied));
            output.WriteLine($"kubectl apply took {applied} ms; the flipped rule was in effect {clock.ElapsedMilliseconds - applied} ms after it returned");
            flipped.Should().Be(("PERMISSION_DENIED", "OK"), "the flipped rule applies within 2 s of the apply");
            await server.SendAsync(new { cmd = "exit" });
        }
        finally
        {
            File.Delete(bootstrap);
        }
    }

    /// <summary>The same through gRPC C-core 1.51 (python3-grpcio <c>grpc.server(xds=True)</c>), bound to localhost:
    /// C-core resolves it and asks for the 127.0.0.1 listener.</summary>
    [Fact]
    public async Task A_core_server_pod_enforces_the_policy_applied_with_kubectl()
    {
        const string ns = Namespace + "-core";
        var port = FreePorts.Loopback();
        await fixture.ApplyAsync(Workload(port, ns) + Policy(port, "Which", ns));
        var accepted = await fixture.Mesh.Kubectl.RunAsync("wait", "--for=condition=Accepted", "meshpolicy/echo-srv", "-n", ns, "--timeout=60s");
        accepted.ExitCode.Should().Be(0, $"{accepted}");

        var bootstrap = GrpcXdsBootstrap.Write(fixture.Mesh.XdsAddress, SidecarContract.NodeId("10.244.0.10", "echo-srv-0", ns),
            serverListenerTemplate: SidecarContract.ProxylessServerListenerTemplate);
        try
        {
            await using var server = NodeProcess.StartProgram("/usr/bin/python3", [CoreScript], new Dictionary<string, string>
            {
                ["GRPC_XDS_BOOTSTRAP"] = bootstrap,
                ["MESH_SERVER_ADDRESS"] = $"localhost:{port}",
                ["MESH_CONFORMANCE_TIMEOUT_MS"] = "120000",
                ["PYTHONUNBUFFERED"] = "1",
            }, Path.GetDirectoryName(CoreScript));

            await server.NextAsync("started", Step);
            await server.SendAsync(new { cmd = "serving", timeoutMs = 30000 });
            var serving = await server.NextAsync("serving", Step);
            serving.GetProperty("which").GetString().Should().Be("OK", $"{serving}\n{server.Stderr}");
            (await ProbeAsync(server)).Should().Be(("OK", "PERMISSION_DENIED"), server.Stderr);
            await server.SendAsync(new { cmd = "exit" });
        }
        finally
        {
            File.Delete(bootstrap);
        }
    }

    private static async Task<(string Which, string Secret)> ProbeAsync(NodeProcess server)
    {
        await server.SendAsync(new { cmd = "probe" });
        JsonElement probe = await server.NextAsync("probe", Step);
        return (probe.GetProperty("which").GetString()!, probe.GetProperty("secret").GetString()!);
    }

    private static string Workload(int port, string ns = Namespace) => $$$"""
        apiVersion: v1
        kind: Namespace
        metadata: {name: {{{ns}}}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: echo-srv, namespace: {{{ns}}}}
        spec:
          selector: {app: echo-srv}
          ports: [{name: grpc, port: {{{port}}}, targetPort: {{{port}}}, appProtocol: grpc}]
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: echo-srv-0
          namespace: {{{ns}}}
          labels: {app: echo-srv}
          annotations: {proxy.mesh.dev/mode: proxyless-grpc}
        spec:
          containers: [{name: echo, image: example.com/echo-server:1}]

        """;

    private static string Policy(int port, string allowed, string ns = Namespace) => $$$"""
        ---
        apiVersion: mesh.dev/v1alpha1
        kind: MeshPolicy
        metadata: {name: echo-srv, namespace: {{{ns}}}}
        spec:
          mtls: {mode: Permissive}
          services:
            - name: echo-srv
              ports: [{port: {{{port}}}, protocol: GRPC}]
              authorization:
                rules:
                  - to: [{paths: [/mesh.conformance.Echo/{{{allowed}}}]}]

        """;
}
