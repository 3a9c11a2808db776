using Mesh.Operator.Entities;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Injection;

/// <summary>The webhook's view of MeshPolicies: the shared informer's cache, attached when the manager is set up.</summary>
internal sealed class InformerPolicySource : IInjectionPolicySource
{
    private Informer<MeshPolicy>? _informer;

    public bool Synced => Volatile.Read(ref _informer)?.Synced.IsCompletedSuccessfully == true;

    public IReadOnlyList<MeshPolicy> PoliciesIn(string @namespace) =>
        Volatile.Read(ref _informer)?.Cache.ListByNamespace(@namespace) ?? [];

    public void Attach(Informer<MeshPolicy> informer) => Volatile.Write(ref _informer, informer);
}
