using Xunit;

namespace Mesh.Testing;

/// <summary>
/// A test that needs root (network namespaces, iptables, mounts). Skipped, with <see cref="Needs"/> printed as the
/// reason, only when the test process is not root; as root (CI) it always runs, and fails when a tool it needs is
/// missing (.ci/run installs them).
/// </summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute(string needs)
    {
        Needs = needs;
        if (!Environment.IsPrivilegedProcess)
        {
            Skip = $"Not root: {needs}";
        }
    }

    /// <summary>What the test does that needs root.</summary>
    public string Needs { get; }
}
