namespace Mesh.LocalCluster.Semantics;

/// <summary>The parts of meta/v1 DeleteOptions that are honoured.</summary>
internal sealed record DeleteOptions
{
    public static DeleteOptions Background { get; } = new();

    /// <summary>Background (default), Foreground or Orphan.</summary>
    public string Propagation { get; init; } = "Background";

    public string? PreconditionUid { get; init; }

    public string? PreconditionResourceVersion { get; init; }

    public bool DryRun { get; init; }
}
