using k8s;
using Mesh.LocalCluster;
using Mesh.Operator.Hosting;
using Mesh.Operator.Runtime;
using Mesh.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.EndToEnd.Tests.Mesh;

/// <summary>
/// The embedded API alone (no operator: the test runs its own, in-process or as a process) with a kubeconfig and a
/// kubectl cache of its own; a test class owns one per test through IAsyncLifetime.
/// </summary>
internal sealed class EmbeddedApiFixture : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"mesh-api-{Guid.NewGuid():N}");
    private LocalApiServer? _server;
    private Kubectl? _kubectl;

    public LocalApiServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public Kubectl Kubectl => _kubectl ?? throw new InvalidOperationException("The fixture has not started.");

    public string KubeconfigPath => Path.Combine(_dir, "kubeconfig");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _server = await LocalApiServer.StartAsync(new LocalApiServerOptions());
        _server.WriteKubeconfig(KubeconfigPath);
        _kubectl = new Kubectl(KubeconfigPath, Path.Combine(_dir, "cache"));
    }

    /// <summary>What an operator needs before it starts: the mesh-system namespace and the CRDs local mode installs.</summary>
    public async Task InstallOperatorPrerequisitesAsync()
    {
        using var client = new Kubernetes(Server.ClientConfiguration);
        var applier = new ManifestApplier(new KubeApi(client), TimeProvider.System, NullLogger.Instance);
        await applier.ApplyYamlAsync(["apiVersion: v1\nkind: Namespace\nmetadata:\n  name: mesh-system\n", .. LocalSession.EmbeddedCrds()], CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // kubectl's cache still open: the OS cleans the temp folder.
        }
    }
}
