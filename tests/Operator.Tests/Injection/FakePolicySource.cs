using Mesh.Operator.Entities;
using Mesh.Operator.Injection;

namespace Mesh.Operator.Tests.Injection;

internal sealed class FakePolicySource(IReadOnlyList<MeshPolicy> policies, bool synced = true) : IInjectionPolicySource
{
    public bool Synced => synced;

    public IReadOnlyList<MeshPolicy> PoliciesIn(string @namespace) =>
        policies.Where(p => p.Metadata.NamespaceProperty == @namespace).ToList();
}
