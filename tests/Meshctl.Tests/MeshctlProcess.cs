using System.Diagnostics;

namespace Mesh.Meshctl.Tests;

/// <summary>The built meshctl.dll run as a user runs it (dotnet meshctl.dll ...), and kubeconfigs for bad-input cases.</summary>
internal static class MeshctlProcess
{
    public static async Task<MeshctlResult> ExecAsync(params string[] args)
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
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return new MeshctlResult(process.ExitCode, (await stdout).ReplaceLineEndings("\n"), (await stderr).ReplaceLineEndings("\n"));
    }

    /// <summary>A kubeconfig whose one context points at <paramref name="server"/> with a dummy token.</summary>
    public static string Kubeconfig(string server) => $"""
        apiVersion: v1
        kind: Config
        clusters: [{"{"}name: c, cluster: {"{"}server: "{server}"{"}"}{"}"}]
        users: [{"{"}name: u, user: {"{"}token: t{"}"}{"}"}]
        contexts: [{"{"}name: x, context: {"{"}cluster: c, user: u{"}"}{"}"}]
        current-context: x
        """;
}
