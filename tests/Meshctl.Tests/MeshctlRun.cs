using System.Text.RegularExpressions;
using Mesh.Testing;

namespace Mesh.Meshctl.Tests;

/// <summary>What one meshctl command line printed and returned.</summary>
internal sealed record MeshctlResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}--- stderr\n{Stderr}";
}

/// <summary>
/// Runs meshctl's entry point in-process (the same code Program.cs calls), capturing stdout, stderr and the exit code.
/// Repository paths in the output are made relative so that goldens read the same in every checkout.
/// </summary>
internal static partial class MeshctlRun
{
    public static Task<MeshctlResult> RunAsync(params string[] args) => RunAsync(TimeProvider.System, args);

    public static async Task<MeshctlResult> RunAsync(TimeProvider time, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await MeshctlApp.RunAsync(args, stdout, stderr, time, CancellationToken.None);
        return new MeshctlResult(code, Relative(stdout.ToString()), Relative(stderr.ToString()));
    }

    /// <summary>A path below the repository root, as meshctl is given it.</summary>
    public static string Repo(params string[] parts) => RepoPaths.Of(parts);

    /// <summary>Volatile parts (times, day counts, Lease holders, ports) replaced by placeholders for goldens.</summary>
    public static string Stable(string text)
    {
        text = Timestamp().Replace(text, "<time>");
        text = DaysLeft().Replace(text, "(<n> days left)");
        text = Holder().Replace(text, "operator ready: <holder> holds");
        text = LocalLeader().Replace(text, "leader <holder> (not a pod");
        return Port().Replace(text, "127.0.0.1:<port>");
    }

    private static string Relative(string text) => text.Replace(RepoPaths.Root + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"\(\d+ days? left\)")]
    private static partial Regex DaysLeft();

    [GeneratedRegex(@"operator ready: \S+ holds")]
    private static partial Regex Holder();

    [GeneratedRegex(@"leader \S+ \(not a pod")]
    private static partial Regex LocalLeader();

    [GeneratedRegex(@"127\.0\.0\.1:\d+")]
    private static partial Regex Port();
}
