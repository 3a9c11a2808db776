namespace Mesh.EndToEnd.Tests.Mesh;

/// <summary>What one kubectl run printed and returned.</summary>
internal sealed record KubectlResult(int ExitCode, string StdOut, string StdErr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{StdOut}\nstderr:\n{StdErr}";
}
