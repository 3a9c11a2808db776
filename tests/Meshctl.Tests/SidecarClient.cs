using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Channels;
using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Grpc.Core;
using Grpc.Net.Client;
using k8s;
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

    private readonly GrpcChannel _channel;
    private readonly AsyncDuplexStreamingCall<DiscoveryRequest, DiscoveryResponse> _call;
    private readonly Channel<DiscoveryResponse> _responses = Channel.CreateUnbounded<DiscoveryResponse>();
    private readonly Task _reader;
    private readonly X509Certificate2 _certificate;
    private bool _nodeSent;

    private SidecarClient(string address, string nodeId, X509Certificate2 certificate)
    {
        NodeId = nodeId;
        _certificate = certificate;
        var handler = new SocketsHttpHandler();
        handler.SslOptions.ClientCertificates = [certificate];
        // The server's chain is not what these tests check (SecureSidecarTests does).
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        _channel = GrpcChannel.ForAddress($"https://{address}", new GrpcChannelOptions { HttpHandler = handler });
        _call = new AggregatedDiscoveryService.AggregatedDiscoveryServiceClient(_channel).StreamAggregatedResources();
        _reader = ReadAsync();
    }

    public string NodeId { get; }

    /// <summary>Connects as the first pod of <paramref name="app"/> in shop; returns the client and the pod's name.</summary>
    public static async Task<(SidecarClient Client, string Pod)> ConnectAsync(LocalMeshFixture mesh, string app)
    {
        using var kube = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(mesh.Kubeconfig));
        var pod = (await kube.CoreV1.ListNamespacedPodAsync("shop", labelSelector: $"app={app}")).Items.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal).First();
        var secretName = $"mesh-workload-{pod.Spec.ServiceAccountName}";
        k8s.Models.V1Secret? secret = null;
        await Mesh.Testing.Eventually.True(async () =>
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

    public Task SubscribeAsync(string typeUrl, params string[] names) =>
        SendAsync(new DiscoveryRequest { TypeUrl = typeUrl, ResourceNames = { names } });

    public Task AckAsync(DiscoveryResponse response, params string[] names) =>
        SendAsync(new DiscoveryRequest { TypeUrl = response.TypeUrl, VersionInfo = response.VersionInfo, ResponseNonce = response.Nonce, ResourceNames = { names } });

    public Task NackAsync(DiscoveryResponse response, string error, params string[] names) =>
        SendAsync(new DiscoveryRequest
        {
            TypeUrl = response.TypeUrl,
            ResponseNonce = response.Nonce,
            ResourceNames = { names },
            ErrorDetail = new Google.Rpc.Status { Code = (int)StatusCode.InvalidArgument, Message = error },
        });

    /// <summary>The next response of <paramref name="typeUrl"/> (others are skipped), within 20 s.</summary>
    public async Task<DiscoveryResponse> ReceiveAsync(string typeUrl)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var response = await _responses.Reader.ReadAsync(timeout.Token);
            if (response.TypeUrl == typeUrl)
            {
                return response;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _call.Dispose();
        try
        {
            await _reader;
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Disposing cancels the call.
        }
        _channel.Dispose();
        _certificate.Dispose();
    }

    private async Task SendAsync(DiscoveryRequest request)
    {
        if (!_nodeSent)
        {
            request.Node = new Node { Id = NodeId, Locality = new Locality() };
            _nodeSent = true;
        }
        await _call.RequestStream.WriteAsync(request);
    }

    private async Task ReadAsync()
    {
        try
        {
            await foreach (var response in _call.ResponseStream.ReadAllAsync())
            {
                await _responses.Writer.WriteAsync(response);
            }
        }
        catch (RpcException)
        {
            // The stream ended: the test sees no more responses.
        }
        finally
        {
            _responses.Writer.TryComplete();
        }
    }
}
