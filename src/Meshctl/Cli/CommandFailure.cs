namespace Mesh.Meshctl.Cli;

/// <summary>
/// Input meshctl cannot work with (a missing file, malformed YAML, an unreachable API server): one line naming the
/// problem and the fix, printed on stderr, exit 2. Thrown instead of returned so that readers deep down stay simple.
/// </summary>
internal sealed class CommandFailure(string message) : Exception(message)
{
    public const int ExitCode = 2;

    /// <summary>The API server refused the call (401/403): the user's RBAC, not the input, is the problem.</summary>
    public bool Forbidden { get; init; }

    /// <summary>What was refused, without the fix (for callers that print their own).</summary>
    public string? Refusal { get; init; }
}
