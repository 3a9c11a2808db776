using Mesh.Operator.Hosting;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests.Install;

/// <summary>
/// GitOps drift: once the operator has reconciled the samples, kubectl diff on each sample folder finds nothing,
/// whether the samples were applied by local mode (no kubectl annotations) or with kubectl apply.
/// </summary>
public sealed class SampleDriftTests : IAsyncLifetime
{
    private static readonly string[] Folders = ["shop", "payments", "batch"];
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"mesh-drift-{Guid.NewGuid():N}");
    private LocalSession? _session;
    private Kubectl? _kubectl;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _session = await LocalSession.StartAsync(new LocalModeOptions
        {
            KubeconfigPath = Path.Combine(_dir, "kubeconfig"),
            XdsPort = 0,
            XdsTlsPort = 0,
            HttpPort = 0,
            Apply = [Path.Combine(RepoPaths.Samples, "shop")],
        });
        _kubectl = new Kubectl(_session.KubeconfigPath, Path.Combine(_dir, "cache"));
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
            // kubectl's cache still open: the OS cleans the temp folder.
        }
    }

    [Fact]
    public async Task Kubectl_diff_finds_nothing_on_reconciled_samples()
    {
        var kubectl = _kubectl!;
        // shop was applied by local mode itself (no last-applied annotation); the others with kubectl apply.
        foreach (var folder in Folders.Skip(1))
        {
            await kubectl.MustAsync("apply", "-f", Path.Combine(RepoPaths.Samples, folder));
        }

        foreach (var (ns, name) in new[] { ("shop", "shop"), ("payments", "payments") })
        {
            await Eventually.True(async () =>
            {
                var ready = await kubectl.RunAsync("get", "meshpolicy", name, "-n", ns, "-o", "jsonpath={.status.observedGeneration}");
                return ready.ExitCode == 0 && ready.StdOut == "1";
            }, $"the operator reconciles {ns}/{name}", TimeSpan.FromSeconds(60));
        }

        foreach (var folder in Folders)
        {
            var diff = await kubectl.RunAsync("diff", "-f", Path.Combine(RepoPaths.Samples, folder));
            diff.ExitCode.Should().Be(0, $"nothing the operator or the API wrote may show as drift in config/samples/{folder}: {diff}");
            diff.StdOut.Should().BeEmpty();
        }
    }
}
