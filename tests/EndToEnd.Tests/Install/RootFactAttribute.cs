namespace Mesh.EndToEnd.Tests.Install;

/// <summary>
/// A test that needs root (a network namespace standing in for a pod). Skipped, with the reason printed, only when the
/// test process is not root; as root it always runs.
/// </summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Skip = "Not root: running the published binary in a pod network namespace needs root (ip netns, mount).";
        }
    }
}
