namespace Mesh.Testing;

/// <summary>What one kubectl run printed and returned.</summary>
public sealed record KubectlResult(int ExitCode, string StdOut, string StdErr)
{
    public string Output => StdOut + StdErr;

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{StdOut}\nstderr:\n{StdErr}";
}
