using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Resources;

/// <summary>
/// What is served right now: the built-ins plus the resources of every established CRD. Rebuilt as an immutable
/// snapshot when a CRD changes and published atomically, so readers never lock.
/// </summary>
internal sealed class ResourceRegistry
{
    private volatile RegistrySnapshot _snapshot = RegistrySnapshot.Build([]);

    public RegistrySnapshot Current => _snapshot;

    public void SetCustomResourceDefinitions(IEnumerable<JsonObject> crds) =>
        _snapshot = RegistrySnapshot.Build(crds.SelectMany(CrdResources.FromCrd).ToList());
}
