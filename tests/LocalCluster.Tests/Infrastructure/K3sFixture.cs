using k8s;
using Mesh.Testing;
using Testcontainers.K3s;

namespace Mesh.LocalCluster.Tests.Infrastructure;

/// <summary>A real k3s in Docker for the same contract suite; inert when Docker is unavailable (its tests are skipped).</summary>
public sealed class K3sFixture : IClusterTarget, IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mesh-k3s-" + Guid.NewGuid().ToString("N")[..8]);
    private K3sContainer? _container;
    private Kubernetes? _client;
    private Kubectl? _kubectl;
    private Uri? _hostWebhookBase;

    public string Name => "k3s";

    public IKubernetes Client => _client ?? throw new InvalidOperationException(DockerProbe.UnavailableReason ?? "not started");

    public Kubectl Kubectl => _kubectl ?? throw new InvalidOperationException(DockerProbe.UnavailableReason ?? "not started");

    public Uri HostWebhookBase => _hostWebhookBase ?? throw new InvalidOperationException(DockerProbe.UnavailableReason ?? "not started");

    public async Task InitializeAsync()
    {
        if (DockerProbe.UnavailableReason is not null)
        {
            return;
        }

        // Before the container is created: only containers created afterwards learn the forwarded host name.
        var webhooks = await HostWebhook.ServerAsync();
        await HostWebhook.ExposeToContainersAsync();
        _hostWebhookBase = new UriBuilder("https", HostWebhook.ContainerHostName, webhooks.Address.Port).Uri;
        _container = new K3sBuilder(DockerProbe.K3sImage).Build();
        await _container.StartAsync();
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, "kubeconfig");
        await File.WriteAllTextAsync(path, await _container.GetKubeconfigAsync());
        _client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(path));
        _kubectl = new Kubectl(path, Path.Combine(_directory, "cache"));
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
