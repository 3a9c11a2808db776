using Mesh.Testing;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Envoy.Config.Listener.V3;
using Grpc.Core;
using Grpc.Net.Client;
using Mesh.XdsServer.Contract;

namespace Mesh.EndToEnd.Tests.Mesh;

/// <summary>
/// A sidecar as local mode serves it: its pod's workload certificate (issued by the built-in CA although the policy
/// disables mTLS between workloads) opens the mTLS xDS port; its node id is resolved to its pod's scope (inbound
/// chains for the Service its labels match); the same node id on the plaintext port, or with another pod's identity,
/// is refused.
/// </summary>
public sealed class SecureSidecarTests(LocalMeshFixture mesh) : IClassFixture<LocalMeshFixture>
{
    private const string Ns = "secure";

    [Fact]
    public async Task A_sidecar_with_its_workload_certificate_gets_its_pods_config_on_the_mtls_port_and_is_refused_on_plaintext()
    {
        var apply = await mesh.Kubectl.ApplyAsync(Manifests);
        apply.ExitCode.Should().Be(0, $"{apply}");
        var ready = await mesh.Kubectl.RunAsync("wait", "--for=condition=Ready", "meshpolicy/web", "-n", Ns, "--timeout=60s");
        ready.ExitCode.Should().Be(0, $"{ready}\n{(await mesh.Kubectl.RunAsync("describe", "meshpolicy", "web", "-n", Ns)).StdOut}");
        using var pods = JsonDocument.Parse(await mesh.Kubectl.MustAsync("get", "pods", "-n", Ns, "-l", "app=web", "-o", "json"));
        var pod = pods.RootElement.GetProperty("items")[0];
        var nodeId = SidecarContract.NodeId(pod.GetProperty("status").GetProperty("podIP").GetString()!, pod.GetProperty("metadata").GetProperty("name").GetString()!, Ns);
        using var data = JsonDocument.Parse(await mesh.Kubectl.MustAsync("get", "secret", "mesh-workload-web", "-n", Ns, "-o", "jsonpath={.data}"));
        string Pem(string key) => System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(data.RootElement.GetProperty(key).GetString()!));
        using var certificate = X509Certificate2.CreateFromPem(Pem("tls.crt"), Pem("tls.key"));
        using var clientCertificate = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(Pem("ca.crt"));

        await using (var sidecar = new AdsTestClient($"https://{mesh.XdsTlsAddress}", nodeId, TlsOptions(clientCertificate, roots)))
        {
            await sidecar.SubscribeAsync(ListenerType);
            var listeners = await sidecar.ReceiveAsync();
            var inbound = listeners.Resources.Select(r => r.Unpack<Listener>()).Single(l => l.Name == "virtualInbound");
            inbound.FilterChains.Should().Contain(c => c.FilterChainMatch != null && c.FilterChainMatch.DestinationPort == 8080,
                "the pod's labels match Service web, so its sidecar serves port 8080 inbound");
        }

        await using var plaintext = new AdsTestClient($"http://{mesh.XdsAddress}", nodeId);
        await plaintext.SubscribeAsync(ListenerType);
        (await plaintext.WaitForEndAsync()).StatusCode.Should().Be(StatusCode.PermissionDenied, "a sidecar never gets its config in plaintext");

        await using var impostor = new AdsTestClient($"https://{mesh.XdsTlsAddress}", SidecarContract.NodeId("10.9.9.9", "web-other", "elsewhere"), TlsOptions(clientCertificate, roots));
        await impostor.SubscribeAsync(ListenerType);
        var refused = await impostor.WaitForEndAsync();
        refused.StatusCode.Should().Be(StatusCode.PermissionDenied);
        refused.Detail.Should().Contain("namespace 'elsewhere'");
    }

    private const string ListenerType = "type.googleapis.com/envoy.config.listener.v3.Listener";

    /// <summary>Presents the workload certificate; trusts the server only if it chains to the mesh roots and names the xDS Service.</summary>
    private static GrpcChannelOptions TlsOptions(X509Certificate2 clientCertificate, X509Certificate2Collection roots)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.ClientCertificates = [clientCertificate];
        handler.SslOptions.RemoteCertificateValidationCallback = (_, server, _, _) =>
        {
            if (server is null)
            {
                return false;
            }

            using var leaf = X509CertificateLoader.LoadCertificate(server.GetRawCertData());
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(leaf) && leaf.MatchesHostname(SidecarContract.XdsHost());
        };
        return new GrpcChannelOptions { HttpHandler = handler };
    }

    private const string Manifests = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: secure}
        ---
        apiVersion: mesh.dev/v1alpha1
        kind: MeshPolicy
        metadata: {name: web, namespace: secure}
        spec:
          mtls: {mode: Disabled}
          services:
            - name: web
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: web, namespace: secure}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: secure}
        spec:
          selector: {app: web}
          ports: [{name: http, port: 8080, targetPort: 8080, appProtocol: http}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: secure}
        spec:
          replicas: 1
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              serviceAccountName: web
              containers: [{name: web, image: example.com/web:1, ports: [{containerPort: 8080}]}]

        """;
}
