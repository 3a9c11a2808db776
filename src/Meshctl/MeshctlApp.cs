using System.CommandLine;
using Mesh.Meshctl.Analysis;
using Mesh.Meshctl.Checks;
using Mesh.Meshctl.Cli;

namespace Mesh.Meshctl;

/// <summary>
/// The meshctl command line. Writers are passed in so that tests run it in-process and read what a user would see;
/// Program.cs hands it the console.
/// </summary>
internal static class MeshctlApp
{
    /// <summary>Runs one meshctl command line; returns its exit code (0 ok, 1 warnings, 2 errors or bad input).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct) =>
        RunAsync(args, stdout, stderr, TimeProvider.System, ct);

    /// <summary>As above, with the clock certificate and Lease checks compare against (tests pass a fake one).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(time);
        var kubeconfig = new Option<string?>("--kubeconfig")
        {
            Description = "The kubeconfig to use (default: KUBECONFIG, then ~/.kube/config).",
        };
        var root = new RootCommand("meshctl: analyze, check and inspect the Mesh service mesh through the Kubernetes API.")
        {
            AnalyzeCommand.Create(kubeconfig, stdout),
            CheckCommand.Create(kubeconfig, stdout, time),
            VersionCommand.Create(kubeconfig, stdout, time),
            Proxies.ProxyStatusCommand.Create(kubeconfig, stdout),
            Proxies.ProxyConfigCommand.Create(kubeconfig, stdout),
            Describe.DescribeCommand.Create(kubeconfig, stdout),
            WhatIf.WhatIfCommand.Create(kubeconfig, stdout),
            Inject.InjectCommand.Create(kubeconfig, stdout, stderr),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // One line: System.CommandLine may report several errors and lists allowed values on lines of their own.
            var messages = parsed.Errors.Select(e => string.Join(" ", e.Message.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.'));
            await stderr.WriteLineAsync($"error: {string.Join("; ", messages)}; see meshctl --help.").ConfigureAwait(false);
            return CommandFailure.ExitCode;
        }
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }, ct)
                .ConfigureAwait(false);
        }
        catch (CommandFailure failure)
        {
            await stderr.WriteLineAsync($"error: {failure.Message}").ConfigureAwait(false);
            return CommandFailure.ExitCode;
        }
    }
}
