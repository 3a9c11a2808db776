using Mesh.Operator.Entities;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Injection;

/// <summary>
/// The webhook's view of MeshPolicies: the shared informer's cache, attached when the manager is set up. When the cache
/// holds no policy for a namespace (or has not listed them yet, while the operator starts), the API is asked once: <c>kubectl apply -f dir/</c> creates a policy and its
/// Deployment within milliseconds, and a pod admitted before the watch event arrives would otherwise start without
/// its sidecar. The read is bounded (<see cref="LiveReadTimeout"/>) and its failure means "no policy", as before.
/// </summary>
internal sealed class InformerPolicySource(KubeApi? api = null) : IInjectionPolicySource
{
    /// <summary>How long admission waits for the live read; well under the webhook's 10 s timeout.</summary>
    public static readonly TimeSpan LiveReadTimeout = TimeSpan.FromSeconds(5);

    private Informer<MeshPolicy>? _informer;
    private readonly KubeApi? _api = api;

    /// <summary>True once the cache has listed every policy, or once the API can be asked instead (operator starting).</summary>
    public bool Synced => CacheSynced || _api is not null;

    private bool CacheSynced => Volatile.Read(ref _informer)?.Synced.IsCompletedSuccessfully == true;

    public IReadOnlyList<MeshPolicy> PoliciesIn(string @namespace) =>
        CacheSynced ? Volatile.Read(ref _informer)!.Cache.ListByNamespace(@namespace) : [];

    public async Task<IReadOnlyList<MeshPolicy>> PoliciesInAsync(string @namespace, CancellationToken ct)
    {
        var cached = PoliciesIn(@namespace);
        if (cached.Count > 0 || _api is not { } api)
        {
            return cached;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(LiveReadTimeout);
        try
        {
            return (await api.ListAsync<MeshPolicy>(ResourceKinds.MeshPolicy, @namespace, timeout.Token).ConfigureAwait(false)).Items;
        }
        catch (Exception e) when (e is OperationCanceledException or KubeApiException or HttpRequestException)
        {
            return cached;
        }
    }

    /// <summary>Gives the informer once the controllers are set up; until then (and when it has no policy) the API answers.</summary>
    public void Attach(Informer<MeshPolicy> informer) => Volatile.Write(ref _informer, informer);
}
