using System.Diagnostics;
using FluentAssertions;

namespace Mesh.Testing;

/// <summary>
/// The real kubectl against one kubeconfig, with its own discovery cache (so parallel tests do not share one), a
/// timeout and captured output.
/// </summary>
public sealed class Kubectl(string kubeconfig, string cacheDir)
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    public Task<KubectlResult> RunAsync(params string[] args) => RunWithInputAsync(null, DefaultTimeout, args);

    /// <summary>Runs and fails the test with kubectl's output when it exits non-zero; returns what it printed on stdout.</summary>
    public async Task<string> MustAsync(params string[] args)
    {
        var result = await RunAsync(args);
        result.ExitCode.Should().Be(0, $"kubectl {string.Join(' ', args)} should succeed: {result}");
        return result.StdOut;
    }

    /// <summary>kubectl apply -f - with <paramref name="yaml"/> on stdin.</summary>
    public Task<KubectlResult> ApplyAsync(string yaml) => WithManifestAsync(yaml, "apply");

    /// <summary>kubectl ARGS -f - with the manifest on stdin.</summary>
    public Task<KubectlResult> WithManifestAsync(string yaml, params string[] args) =>
        RunWithInputAsync(yaml, DefaultTimeout, [.. args, "-f", "-"]);

    /// <summary>Starts a long-running kubectl (get -w) whose output is read as it comes.</summary>
    public KubectlStream Start(params string[] args) => KubectlStream.Start(StartInfo(args, redirectInput: false));

    /// <summary>Runs to the end or to <paramref name="timeout"/>; a timed-out run is killed and reported as exit -1.</summary>
    public async Task<KubectlResult> RunWithInputAsync(string? stdin, TimeSpan timeout, params string[] args)
    {
        using var process = Process.Start(StartInfo(args, redirectInput: true))
            ?? throw new InvalidOperationException("kubectl did not start; it must be on PATH.");
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

    private ProcessStartInfo StartInfo(string[] args, bool redirectInput)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // The connection flags go first, so that everything after a "--" in args still reaches the remote command.
        foreach (var arg in (string[])["--kubeconfig", kubeconfig, "--cache-dir", cacheDir, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }
}
