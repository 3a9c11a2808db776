namespace Mesh.Operator.Tests.Capture;

/// <summary>
/// A test that needs root (network namespaces, iptables). Skipped, with the reason printed, only when the test process
/// is not root; as root it always runs and fails when a tool it needs is missing (CI installs them in .ci/run).
/// </summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Skip = "Not root: the real-kernel capture tests need root to create network namespaces and iptables rules.";
        }
    }
}
