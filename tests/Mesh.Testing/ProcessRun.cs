using System.Diagnostics;

namespace Mesh.Testing;

/// <summary>Runs a program to completion within a timeout (killing it past that) and returns its exit code and output.</summary>
public static class ProcessRun
{
    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string program, IEnumerable<string> args, TimeSpan timeout)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"{program} did not start.");
        using var cts = new CancellationTokenSource(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token);
            return (process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds:0} s.");
        }
    }

    /// <summary>Runs and throws with the program's stderr when it fails.</summary>
    public static async Task<string> CheckedAsync(string program, params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync(program, args, TimeSpan.FromSeconds(20));
        if (code != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed (exit {code}): {stderr.Trim()}");
        }

        return stdout;
    }
}
