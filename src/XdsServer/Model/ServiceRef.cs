namespace Mesh.XdsServer.Model;

/// <summary>Names one service of the mesh.</summary>
public sealed record ServiceRef(string Namespace, string Name)
{
    /// <inheritdoc />
    public override string ToString() => $"{Namespace}/{Name}";
}
