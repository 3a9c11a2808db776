using Mesh.EndToEnd.Tests.Mesh;
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
    private readonly LocalMeshFixture _mesh = new([Path.Combine(RepoPaths.Samples, "shop")]);

    public Task InitializeAsync() => _mesh.InitializeAsync();

    public Task DisposeAsync() => _mesh.DisposeAsync();

    [Fact]
    public async Task Kubectl_diff_finds_nothing_on_reconciled_samples()
    {
        var kubectl = _mesh.Kubectl;
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
