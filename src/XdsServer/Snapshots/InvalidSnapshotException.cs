namespace Mesh.XdsServer.Snapshots;

/// <summary>A snapshot that is inconsistent or holds a resource that fails validation; <see cref="Errors"/> lists every problem.</summary>
public sealed class InvalidSnapshotException : Exception
{
    public InvalidSnapshotException(IReadOnlyList<string> errors)
        : base("Invalid xDS snapshot: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    /// <summary>Every problem found, each naming the resource and the fix.</summary>
    public IReadOnlyList<string> Errors { get; }
}
