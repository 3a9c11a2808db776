using System.Text.Json;
using Mesh.EndToEnd.Tests.Mesh;
using Mesh.Testing;
using Xunit.Abstractions;
using static Mesh.EndToEnd.Tests.Conformance.CallResults;

namespace Mesh.EndToEnd.Tests.Conformance;

/// <summary>
/// Strict mTLS end to end with real TLS stacks: the operator's built-in CA issues the workload certificates (read back
/// with kubectl), a grpc-js-xds client reads its own through the file_watcher provider its bootstrap names "default",
/// a backend serves echo's certificate and demands a client certificate from the same CA, and the client checks the
/// backend's SPIFFE identity against the cluster's SAN list.
/// </summary>
public sealed class GrpcXdsMtlsTests(ConformanceFixture fixture, ITestOutputHelper output) : IClassFixture<ConformanceFixture>, IDisposable
{
    private const string Ns = "mtls";
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(60);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"mesh-e2e-mtls-{Guid.NewGuid():N}");

    [Fact]
    public async Task A_strict_policy_gives_the_client_tls_clusters_that_verify_the_backend_identity()
    {
        await ApplyAsync(Workloads() + Policy());
        // CertificatesReady may already be True from a reconcile that saw no pod yet (nothing to issue): wait for the
        // two workload Secrets themselves.
        var issued = await LocalMeshFixture.EventuallyAsync(async () =>
            (await fixture.Mesh.Kubectl.RunAsync("get", "secret", "mesh-workload-echo", "mesh-workload-client", "-n", Ns)).ExitCode == 0,
            TimeSpan.FromSeconds(60));
        issued.Should().BeTrue($"the built-in CA should issue both workload certificates:\n{await fixture.Mesh.Kubectl.RunAsync("describe", "meshpolicy", "echo", "-n", Ns)}");
        var echo = await CertificatesOfAsync("echo");
        var client = await CertificatesOfAsync("client");

        var bootstrap = GrpcXdsBootstrap.Write(fixture.Mesh.XdsAddress, $"e2e-mtls~{Guid.NewGuid():N}", client);
        await using var node = NodeMeshClient.Start(bootstrap, TimeSpan.FromMinutes(3));
        await node.NextAsync("backends", Step);
        var genuine = await TlsBackendAsync(node, "echo-tls", echo);
        var impostor = await TlsBackendAsync(node, "impostor", client);
        await ApplyAsync(EndpointSlice(genuine));
        var target = $"xds:///echo.{Ns}.svc.cluster.local:50051";

        var first = await node.AskAsync("until", new { target, secure = true, backend = "echo-tls", share = 1.0, batch = 5, timeoutMs = 30_000 }, Step);
        output.WriteLine($"first mTLS calls: {first}");
        first.GetProperty("ok").GetBoolean().Should().BeTrue($"calls should reach the TLS backend through the mesh's cluster TLS: {first}\n{node.Stderr}");
        var calls = await node.AskAsync("calls", new { target, secure = true, n = 50, headers = new Dictionary<string, string>() }, Step);
        output.WriteLine($"50 calls: {calls}");
        Count(calls, "echo-tls").Should().Be(50, $"{calls}");

        // The same CA signed the impostor's certificate, but for spiffe://.../sa/client: the SAN check must refuse it.
        await ApplyAsync(EndpointSlice(impostor));
        var refused = await LocalMeshFixture.EventuallyAsync(async () =>
        {
            var batch = await node.AskAsync("calls", new { target, secure = true, n = 5, headers = new Dictionary<string, string>() }, Step);
            output.WriteLine($"after the endpoint moved to the impostor: {batch}");
            Count(batch, "impostor").Should().Be(0, $"a backend without echo's identity must never answer: {batch}");
            return Count(batch, "echo-tls") == 0 && Errors(batch) == 5;
        }, TimeSpan.FromSeconds(20));
        refused.Should().BeTrue("once the endpoint points at the impostor, every call fails the SAN check");
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private async Task<CertificateFiles> CertificatesOfAsync(string serviceAccount)
    {
        var json = await fixture.Mesh.Kubectl.MustAsync("get", "secret", $"mesh-workload-{serviceAccount}", "-n", Ns, "-o", "jsonpath={.data}");
        var data = JsonSerializer.Deserialize<Dictionary<string, string>>(json)!;
        return CertificateFiles.Write(Path.Combine(_dir, serviceAccount), data);
    }

    private static async Task<int> TlsBackendAsync(NodeMeshClient node, string name, CertificateFiles files)
    {
        var started = await node.AskAsync("tls-backend", new { name, cert = files.Certificate, key = files.PrivateKey, ca = files.TrustBundle }, Step);
        return started.GetProperty("port").GetInt32();
    }

    private Task ApplyAsync(string yaml) => fixture.ApplyAsync(yaml);

    private static string Workloads() => $$$"""
        apiVersion: v1
        kind: Namespace
        metadata: {name: {{{Ns}}}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: echo, namespace: {{{Ns}}}}
        spec:
          selector: {app: echo}
          ports: [{name: grpc, port: 50051, appProtocol: grpc}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: echo-v1, namespace: {{{Ns}}}, labels: {app: echo, version: v1}}
        spec:
          serviceAccountName: echo
          containers: [{name: echo, image: example.com/echo:1}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: client, namespace: {{{Ns}}}, labels: {app: client}}
        spec:
          serviceAccountName: client
          containers: [{name: client, image: example.com/client:1}]

        """;

    private static string Policy() => $$$"""
        ---
        apiVersion: mesh.dev/v1alpha1
        kind: MeshPolicy
        metadata: {name: echo, namespace: {{{Ns}}}}
        spec:
          mtls: {mode: Strict}
          services:
            - name: echo
              ports: [{port: 50051, protocol: GRPC}]

        """;

    private static string EndpointSlice(int port) => $$$"""
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: echo-tls
          namespace: {{{Ns}}}
          labels: {kubernetes.io/service-name: echo}
        addressType: IPv4
        ports: [{name: grpc, port: {{{port}}}, protocol: TCP, appProtocol: grpc}]
        endpoints:
          - addresses: [127.0.0.1]
            conditions: {ready: true}
            targetRef: {kind: Pod, name: echo-v1, namespace: {{{Ns}}}}

        """;
}
