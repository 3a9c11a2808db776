using Mesh.Operator.Entities;

namespace Mesh.Operator.Injection;

/// <summary>Where the webhook reads MeshPolicies from: the informer cache, in memory, never the API.</summary>
public interface IInjectionPolicySource
{
    /// <summary>False until the cache listed every MeshPolicy once: an empty cache would mean "no policy", which may be false.</summary>
    bool Synced { get; }

    IReadOnlyList<MeshPolicy> PoliciesIn(string @namespace);

    /// <summary>The policies of a namespace, allowed to ask the API when the cache cannot answer (never blocks a thread).</summary>
    Task<IReadOnlyList<MeshPolicy>> PoliciesInAsync(string @namespace, CancellationToken ct) => Task.FromResult(PoliciesIn(@namespace));
}
