using Mesh.Operator.Entities;

namespace Mesh.Operator.Injection;

/// <summary>Where the webhook reads MeshPolicies from: the informer cache, in memory, never the API.</summary>
public interface IInjectionPolicySource
{
    /// <summary>False until the cache listed every MeshPolicy once: an empty cache would mean "no policy", which may be false.</summary>
    bool Synced { get; }

    IReadOnlyList<MeshPolicy> PoliciesIn(string @namespace);
}
