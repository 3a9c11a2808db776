using System.Diagnostics;

namespace Mesh.EndToEnd.Tests.Mesh;

/// <summary>The real kubectl against one kubeconfig, with its own discovery cache, a timeout and captured output.</summary>
internal sealed class Kubectl(string kubeconfig, string cacheDir)
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    public Task<KubectlResult> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    /// <summary>kubectl ARGS -f - with <paramref name="yaml"/> on stdin.</summary>
    public Task<KubectlResult> ApplyAsync(string yaml) => RunWithInputAsync(yaml, "apply", "-f", "-");

    /// <summary>Runs and fails the test with kubectl's output when it exits non-zero.</summary>
    public async Task<string> MustAsync(params string[] args)
    {
        var result = await RunAsync(args);
        result.ExitCode.Should().Be(0, $"kubectl {string.Join(' ', args)} should succeed: {result}");
        return result.StdOut;
    }

    public async Task<KubectlResult> RunWithInputAsync(string? stdin, params string[] args)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["--kubeconfig", kubeconfig, "--cache-dir", cacheDir, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new KubectlResult(-1, await stdout, await stderr + $"\n(kubectl timed out after {DefaultTimeout})");
        }

        return new KubectlResult(process.ExitCode, await stdout, await stderr);
    }
}
