using System.Diagnostics;

namespace Mesh.Meshctl.Tests;

/// <summary>The built meshctl.dll run as a user would (dotnet meshctl.dll): Program.cs, the console and the exit code.</summary>
public sealed class BuiltBinaryTests
{
    [Fact]
    public async Task The_built_binary_analyzes_a_sample_and_returns_the_exit_code()
    {
        var clean = await ExecAsync("analyze", "-f", MeshctlRun.Repo("config", "samples", "shop"));
        var warning = await ExecAsync("analyze", "-f", MeshctlRun.Repo("config", "samples", "shop", "reviews.yaml"), "-f", MeshctlRun.Repo("config", "samples", "invalid", "subset-selects-no-pod.yaml"));
        var missing = await ExecAsync("analyze", "-f", "no-such.yaml");

        clean.Should().Be((0, "✔ No problems found in 1 MeshPolicy object.\n", ""));
        warning.Code.Should().Be(1, warning.Stdout);
        warning.Stdout.Should().StartWith("Warning [MESH0103] (MeshPolicy shop/subset-selects-no-pod) spec.services[0].subsets[0]: ");
        missing.Should().Be((2, "", "error: no-such.yaml: no such file or directory; check the path given to -f.\n"));
    }

    [Fact]
    public async Task Version_client_prints_the_assembly_version_without_calling_the_API()
    {
        var result = await ExecAsync("version", "--client");

        result.Should().Be((0, "client: meshctl 0.1.0\n", ""));
    }

    internal static async Task<(int Code, string Stdout, string Stderr)> ExecAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "meshctl.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stdout).ReplaceLineEndings("\n"), (await stderr).ReplaceLineEndings("\n"));
    }
}
