using Mesh.Operator.Entities;
using Mesh.Operator.Injection;

namespace Mesh.Benchmarks.Injection;

/// <summary>The samples' policies in memory, as the informer cache would hold them.</summary>
internal sealed class StaticPolicySource(IReadOnlyList<MeshPolicy> policies) : IInjectionPolicySource
{
    private readonly ILookup<string, MeshPolicy> _byNamespace = policies.ToLookup(p => p.Metadata.NamespaceProperty, StringComparer.Ordinal);

    public bool Synced => true;

    public IReadOnlyList<MeshPolicy> PoliciesIn(string @namespace) => _byNamespace[@namespace].ToList();
}
