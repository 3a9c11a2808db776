using k8s;
using Mesh.Testing;

namespace Mesh.LocalCluster.Tests.Infrastructure;

/// <summary>One embedded API server per test class, with a kubeconfig and a private kubectl cache.</summary>
public class LocalApiFixture : IClusterTarget, IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mesh-localapi-" + Guid.NewGuid().ToString("N")[..8]);
    private Kubernetes? _client;
    private Kubectl? _kubectl;
    private LocalApiServer? _server;
    private Uri? _hostWebhookBase;

    public string Name => "local";

    public LocalApiServer Server => _server ?? throw new InvalidOperationException("not started");

    public IKubernetes Client => _client ?? throw new InvalidOperationException("not started");

    public Kubectl Kubectl => _kubectl ?? throw new InvalidOperationException("not started");

    public Uri HostWebhookBase => _hostWebhookBase ?? throw new InvalidOperationException("not started");

    public string KubeconfigPath => Path.Combine(_directory, "kubeconfig");

    protected virtual LocalApiServerOptions Options => new() { BookmarkInterval = TimeSpan.FromMilliseconds(300) };

    public async Task InitializeAsync()
    {
        _server = await LocalApiServer.StartAsync(Options);
        _server.WriteKubeconfig(KubeconfigPath);
        _client = new Kubernetes(_server.ClientConfiguration);
        _kubectl = new Kubectl(KubeconfigPath, Path.Combine(_directory, "cache"));
        _hostWebhookBase = (await HostWebhook.ServerAsync()).Address;
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A kubectl still writing its cache: leave the temp folder.
        }
    }
}
