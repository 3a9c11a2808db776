using System.Runtime.CompilerServices;

namespace Mesh.LocalCluster.Tests.Infrastructure;

/// <summary>Installs the Widget CRD once per target and waits until it is Established.</summary>
public static class WidgetCrd
{
    private static readonly ConditionalWeakTable<IClusterTarget, Lazy<Task>> Installed = new();

    public static Task EnsureAsync(IClusterTarget target) =>
        Installed.GetValue(target, t => new Lazy<Task>(() => InstallAsync(t))).Value;

    private static async Task InstallAsync(IClusterTarget target)
    {
        var applied = await target.Kubectl.WithManifestAsync(Manifests.WidgetCrd, "apply");
        applied.ExitCode.Should().Be(0, applied.ToString());
        var established = await target.Kubectl.RunAsync("wait", "--for=condition=established", "crd/widgets.contract.mesh.dev", "--timeout=60s");
        established.ExitCode.Should().Be(0, established.ToString());
    }
}
