using System.Security.Cryptography.X509Certificates;
using System.Text;
using Envoy.Service.Discovery.V3;
using Grpc.Net.Client;
using k8s;
using Mesh.Testing;
using Mesh.XdsServer.Contract;

namespace Mesh.Meshctl.Tests;

/// <summary>
/// A state-of-the-world ADS client that connects as one shop pod's sidecar (its workload certificate on the mTLS xDS
/// port, its node id) and ACKs or NACKs what it gets, so that a test decides what proxy-status must show.
/// </summary>
internal sealed class SidecarClient : IAsyncDisposable
{
    public const string Clusters = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
    public const string Listeners = "type.googleapis.com/envoy.config.listener.v3.Listener";
    public const string Routes = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";
    public const string Endpoints = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";

    private readonly AdsTestClient _ads;
    private readonly X509Certificate2 _certificate;

    private SidecarClient(string address, string nodeId, X509Certificate2 certificate)
    {
        NodeId = nodeId;
        _certificate = certificate;
        var handler = new SocketsHttpHandler();
        handler.SslOptions.ClientCertificates = [certificate];
        // The server's chain is not what these tests check (SecureSidecarTests does).
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        _ads = new AdsTestClient($"https://{address}", nodeId, new GrpcChannelOptions { HttpHandler = handler });
    }

    public string NodeId { get; }

    /// <summary>Connects as the first pod of <paramref name="app"/> in shop; returns the client and the pod's name.</summary>
    public static async Task<(SidecarClient Client, string Pod)> ConnectAsync(LocalMeshFixture mesh, string app)
    {
        using var kube = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(mesh.Kubeconfig));
        var pod = (await kube.CoreV1.ListNamespacedPodAsync("shop", labelSelector: $"app={app}")).Items.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal).First();
        var secretName = $"mesh-workload-{pod.Spec.ServiceAccountName}";
        k8s.Models.V1Secret? secret = null;
        await Eventually.True(async () =>
        {
            secret = (await kube.CoreV1.ListNamespacedSecretAsync("shop")).Items.FirstOrDefault(s => s.Metadata.Name == secretName);
            return secret?.Data?.ContainsKey("tls.crt") == true;
        }, $"the workload Secret {secretName} exists", TimeSpan.FromSeconds(60));
        string Pem(string key) => Encoding.ASCII.GetString(secret!.Data[key]);
        using var pemCertificate = X509Certificate2.CreateFromPem(Pem("tls.crt"), Pem("tls.key"));
        var certificate = X509CertificateLoader.LoadPkcs12(pemCertificate.Export(X509ContentType.Pkcs12), null);
        var nodeId = SidecarContract.NodeId(pod.Status.PodIP, pod.Metadata.Name, "shop");
        return (new SidecarClient(mesh.XdsTlsAddress, nodeId, certificate), pod.Metadata.Name);
    }

    public Task SubscribeAsync(string typeUrl, params string[] names) => _ads.SubscribeAsync(typeUrl, names);

    public Task AckAsync(DiscoveryResponse response, params string[] names) => _ads.AckAsync(response, names);

    public Task NackAsync(DiscoveryResponse response, string error, params string[] names) => _ads.NackAsync(response, error, names);

    /// <summary>The next response of <paramref name="typeUrl"/> (others are skipped), within 20 s.</summary>
    public Task<DiscoveryResponse> ReceiveAsync(string typeUrl) => _ads.ReceiveAsync(typeUrl);

    public async ValueTask DisposeAsync()
    {
        await _ads.DisposeAsync();
        _certificate.Dispose();
    }
}
