using System.Diagnostics;

namespace Mesh.EndToEnd.Tests;

/// <summary>Runs the real kubectl against one kubeconfig with its own discovery cache.</summary>
internal sealed class Kubectl(string kubeconfig, string cacheDir)
{
    public async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args.Concat(["--kubeconfig", kubeconfig, "--cache-dir", cacheDir]))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start; it must be on PATH.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish within 90 s.");
        }

        return (process.ExitCode, (await stdout) + (await stderr));
    }

    public async Task<string> SucceedAsync(params string[] args)
    {
        var (code, output) = await RunAsync(args);
        code.Should().Be(0, $"kubectl {string.Join(' ', args)} should succeed; it printed:\n{output}");
        return output;
    }
}
