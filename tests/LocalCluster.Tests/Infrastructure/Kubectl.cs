using System.Diagnostics;

namespace Mesh.LocalCluster.Tests.Infrastructure;

/// <summary>Runs the real kubectl against one kubeconfig with its own discovery cache, capturing output, with a timeout.</summary>
public sealed class Kubectl(string kubeconfig, string cacheDir)
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Starts a long-running kubectl (get -w) whose output is read as it comes.</summary>
    public KubectlStream Start(params string[] args) => KubectlStream.Start(kubeconfig, cacheDir, args);

    public Task<KubectlResult> RunAsync(params string[] args) => RunWithInputAsync(null, DefaultTimeout, args);

    /// <summary>kubectl ARGS -f - with the manifest on stdin.</summary>
    public Task<KubectlResult> WithManifestAsync(string yaml, params string[] args) =>
        RunWithInputAsync(yaml, DefaultTimeout, [.. args, "-f", "-"]);

    public async Task<KubectlResult> RunWithInputAsync(string? stdin, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        start.ArgumentList.Add("--cache-dir");
        start.ArgumentList.Add(cacheDir);
        foreach (var arg in args)
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
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new KubectlResult(-1, await stdout, await stderr + $"\n(kubectl timed out after {timeout})");
        }

        return new KubectlResult(process.ExitCode, await stdout, await stderr);
    }
}
