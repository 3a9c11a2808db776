using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using k8s.Models;
using Mesh.Operator.Hosting;
using Mesh.Operator.Injection;
using Mesh.Operator.Runtime;
using Mesh.Testing;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Tests.Injection;

/// <summary>
/// Local mode's wiring: the configuration is installed with the built-in CA's bundle, mesh-webhook:443 resolves to the
/// operator's loopback HTTPS port, and a sample pod's AdmissionReview sent there the way kube-apiserver sends it
/// (trusting only caBundle, checking the Service name) comes back patched. Until the embedded API calls webhooks itself,
/// this is as far as local mode can be exercised.
/// </summary>
public sealed class LocalModeWebhookTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mesh-webhook-" + Guid.NewGuid().ToString("N")[..8]);
    private LocalSession? _session;

    public async Task InitializeAsync()
    {
        _session = await LocalSession.StartAsync(new LocalModeOptions
        {
            KubeconfigPath = Path.Combine(_dir, "kubeconfig"),
            XdsPort = null,
            XdsTlsPort = 0,
            HttpPort = 0,
            Apply = [RepoPaths.Of("config", "samples", "shop")],
        });
    }

    public async Task DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_sample_pod_sent_to_the_mapped_service_with_the_installed_ca_bundle_is_injected()
    {
        var session = _session!;
        session.WebhookUrl.Should().NotBeNull();
        session.Api.ServiceEndpoints.Resolve(SidecarContract.ControlPlaneNamespace, SidecarContract.WebhookServiceName, SidecarContract.WebhookServicePort)
            .Should().Be(session.WebhookUrl);

        using var client = new k8s.Kubernetes(k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(session.KubeconfigPath));
        var api = new KubeApi(client);
        var configuration = await api.GetAsync<V1MutatingWebhookConfiguration>(WebhookKinds.MutatingWebhookConfiguration,
            ObjectKey.Create(null, SidecarContract.InjectorConfigurationName), CancellationToken.None);
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPem(Encoding.UTF8.GetString(configuration!.Webhooks.Single().ClientConfig.CaBundle));
        bundle.Should().NotBeEmpty();

        using var http = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    var leaf = certificate as X509Certificate2;
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.AddRange(bundle);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return leaf is not null && leaf.MatchesHostname(SidecarContract.WebhookHost()) && chain.Build(leaf);
                },
            },
        });
        var shop = InjectionCase.Load("native-with-user-init");
        var body = AdmissionReviews.For(shop.Pod, "shop").ToJsonString();
        JsonArray? patch = null;
        // The MeshPolicy informer syncs shortly after start; until then the injector admits with a warning.
        await Eventually.True(async () =>
        {
            using var response = await http.PostAsync(new Uri(session.WebhookUrl!, SidecarContract.InjectorPath), new StringContent(body, Encoding.UTF8, "application/json"));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            patch = AdmissionReviews.Patch(AdmissionReviews.Response(await response.Content.ReadAsStringAsync()));
            return patch is not null;
        }, "the local injector answers with a patch", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));
        var patched = shop.Patched(new InjectionResult { Outcome = InjectionOutcome.Injected, Patch = patch! });
        ((string?)patched["metadata"]!["annotations"]![SidecarContract.PolicyAnnotation]).Should().Be("shop");
    }
}
