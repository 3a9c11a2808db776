namespace Mesh.LocalCluster.Semantics;

/// <summary>Query options of a write: dryRun=All, fieldValidation=Strict, fieldManager.</summary>
internal sealed record WriteOptions
{
    public static WriteOptions Default { get; } = new();

    public bool DryRun { get; init; }

    public bool StrictFields { get; init; }

    public string FieldManager { get; init; } = "";
}
