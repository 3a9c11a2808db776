using System.Diagnostics;
using System.Text;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests.Install;

/// <summary>
/// `mesh-operator local` writes its kubeconfig last and atomically: a script that waits for the file and then applies
/// a MeshPolicy at once must find the CRD served (the apply once failed with "no matches for kind MeshPolicy").
/// </summary>
public sealed class LocalKubeconfigTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"mesh-localkc-{Guid.NewGuid():N}");

    public void Dispose()
    {
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
    public async Task A_MeshPolicy_applied_the_moment_the_kubeconfig_appears_is_created()
    {
        var kubeconfig = Path.Combine(_dir, "kube", "config");
        var output = new StringBuilder();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "mesh-operator.dll"), "local", "--kubeconfig", kubeconfig, "--xds-port", "0", "--xds-tls-port", "0"])
        {
            start.ArgumentList.Add(arg);
        }

        using var local = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        local.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        local.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        local.BeginOutputReadLine();
        local.BeginErrorReadLine();
        try
        {
            await Eventually.True(() => File.Exists(kubeconfig) || local.HasExited, "local mode writes its kubeconfig",
                TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(5));
            local.HasExited.Should().BeFalse(output.ToString());

            // At once, with a fresh discovery cache, as a script would.
            var kubectl = new Kubectl(kubeconfig, Path.Combine(_dir, "cache"));
            var shop = Path.Combine(RepoPaths.Samples, "shop");
            var applied = await kubectl.RunAsync("apply", "-f", Path.Combine(shop, "00-namespace.yaml"), "-f", Path.Combine(shop, "01-meshpolicy.yaml"));
            applied.ExitCode.Should().Be(0, $"{applied}\n{output}");
            applied.StdOut.Should().Contain("meshpolicy.mesh.dev/shop created");
            Directory.GetFiles(Path.GetDirectoryName(kubeconfig)!).Should().Equal([kubeconfig], "the temporary file of the atomic write is gone");
        }
        finally
        {
            local.Kill(entireProcessTree: true);
            await local.WaitForExitAsync();
        }
    }
}
