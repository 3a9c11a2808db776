namespace Mesh.XdsServer.Model;

/// <summary>A MeshPolicy whose config is in the model, with the generation being served (reported back on ACK/NACK).</summary>
public sealed record MeshPolicyRef
{
    /// <summary>Namespace (required).</summary>
    public required string Namespace { get; init; }

    /// <summary>Name (required).</summary>
    public required string Name { get; init; }

    /// <summary>metadata.generation of the published spec.</summary>
    public long Generation { get; init; }

    /// <summary>The snapshot label naming this policy; its value is <see cref="Generation"/>.</summary>
    public string Label => PolicyLabels.For(Namespace, Name);
}
