using Mesh.Operator.Planning;

namespace Mesh.Operator.Injection;

/// <summary>The live state what-if compares against: every namespace with a MeshPolicy, and the one named.</summary>
public interface IMeshStateSource
{
    /// <summary>
    /// One state per namespace holding a MeshPolicy, plus <paramref name="alsoNamespace"/>; with <paramref name="wholeMesh"/>
    /// false, the state of <paramref name="alsoNamespace"/> only (enough for the planner).
    /// </summary>
    Task<IReadOnlyList<NamespaceState>> ReadAsync(string alsoNamespace, bool wholeMesh, CancellationToken ct);
}
