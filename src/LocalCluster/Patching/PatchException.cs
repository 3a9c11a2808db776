namespace Mesh.LocalCluster.Patching;

/// <summary>
/// A patch that cannot be applied. <see cref="Exception.Message"/> is worded like the Kubernetes API server's
/// error so it can go into a Status body as is; <see cref="StatusCode"/> and <see cref="Reason"/> say which Status.
/// </summary>
public sealed class PatchException : Exception
{
    public PatchException(string message)
        : this(message, 422, "Invalid")
    {
    }

    public PatchException(string message, int statusCode, string reason, IReadOnlyList<PatchConflict>? conflicts = null)
        : base(message)
    {
        StatusCode = statusCode;
        Reason = reason;
        Conflicts = conflicts ?? [];
    }

    /// <summary>HTTP status: 400 for a malformed patch, 422 for one that does not apply, 409 for apply conflicts.</summary>
    public int StatusCode { get; }

    /// <summary>The Status reason: BadRequest, Invalid (sent by the API server as 422 without a reason name) or Conflict.</summary>
    public string Reason { get; }

    /// <summary>For server-side apply conflicts: one entry per field, to become Status details.causes.</summary>
    public IReadOnlyList<PatchConflict> Conflicts { get; }
}
