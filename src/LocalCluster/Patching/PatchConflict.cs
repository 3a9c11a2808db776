namespace Mesh.LocalCluster.Patching;

/// <summary>
/// One server-side apply conflict, shaped like a Status cause:
/// <c>{"reason":"FieldManagerConflict","message":"conflict with \"kubectl-client-side-apply\" using v1","field":".data.key1"}</c>.
/// </summary>
public sealed record PatchConflict(string Manager, string ApiVersion, string Field)
{
    public string Reason => "FieldManagerConflict";

    public string Message => $"conflict with \"{Manager}\" using {ApiVersion}";
}
