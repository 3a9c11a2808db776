using k8s;
using Mesh.Operator.Hosting;
using Mesh.Testing;

namespace Mesh.Meshctl.Tests;

/// <summary>
/// Local mode in-process on free ports with config/samples/shop applied, settled: the shop policy planned, its
/// simulated pods and EndpointSlices present, the root CA written. Shared by the tests of one class, torn down after.
/// </summary>
public sealed class LocalMeshFixture : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"meshctl-local-{Guid.NewGuid():N}");
    private LocalSession? _session;

    public string Kubeconfig => _session?.KubeconfigPath ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>The mTLS xDS address (host:port) sidecars dial (Urls: metrics, plaintext xDS, mTLS xDS, webhook).</summary>
    public string XdsTlsAddress => new Uri((_session ?? throw new InvalidOperationException("The fixture has not started.")).Urls[2]).Authority;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _session = await LocalSession.StartAsync(new LocalModeOptions
        {
            KubeconfigPath = Path.Combine(_dir, "kubeconfig"),
            XdsPort = 0,
            // Free ports throughout: several test classes run their own local mode in parallel.
            XdsTlsPort = 0,
            HttpPort = 0,
            Apply = [RepoPaths.Of("config", "samples", "shop")],
        });
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Kubeconfig));
        await Eventually.True(async () =>
            (await client.CoreV1.ListNamespacedPodAsync("shop")).Items.Count == 6
            && (await client.DiscoveryV1.ListNamespacedEndpointSliceAsync("shop")).Items.Count == 4
            && (await client.CoreV1.ListNamespacedSecretAsync("mesh-system")).Items.Any(s => s.Metadata.Name == "mesh-root-ca")
            && (await client.CoordinationV1.ListNamespacedLeaseAsync("mesh-system")).Items.Any(l => !string.IsNullOrEmpty(l.Spec?.HolderIdentity)),
            "local mode simulates the shop's 6 pods and 4 EndpointSlices, writes the root CA and holds the Lease",
            TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A file still open: the temp folder is cleaned by the OS.
        }
    }
}
