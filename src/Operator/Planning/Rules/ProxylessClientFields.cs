using Mesh.Operator.Entities;

namespace Mesh.Operator.Planning.Rules;

/// <summary>
/// Client-side fields that reach sidecars but that no proxyless gRPC implementation honours, named for
/// <see cref="ProxyCapabilityRule"/> when the namespace runs proxyless pods (its callers): request mirroring (gRPC has
/// no shadowing), retries' perTryTimeout (gRFC A44 reads per_try_timeout nowhere), LeastRequest, Random and Maglev
/// (sent as [wanted, round_robin] by LoadBalancingPolicies: gRPC takes round_robin) and ring hash on a cookie or the
/// source IP (gRFC A42 hashes on headers only; a request without a hash gets a random one). The capability table of
/// the xDS server (ProxyCapabilityTable) covers forms gRPC understands in another spelling; these it cannot honour at
/// all.
/// </summary>
internal static class ProxylessClientFields
{
    public static IEnumerable<PlanProblem> Check(PlanContext context, string who)
    {
        for (var i = 0; i < context.Entries.Count; i++)
        {
            var entry = context.Entries[i];
            var field = $"spec.services[{i}]";
            var routes = entry.Routes ?? [];
            for (var r = 0; r < routes.Count; r++)
            {
                if (routes[r].Mirror is not null)
                {
                    yield return Warn($"{field}.routes[{r}].mirror",
                        $"Envoy sidecars mirror requests of route \"{routes[r].Name}\" of Service \"{entry.Name}\"; {who} calling it send no mirrored copies (gRPC does not shadow requests).");
                }

                if (routes[r].Retries?.PerTryTimeout is not null)
                {
                    yield return Warn($"{field}.routes[{r}].retries.perTryTimeout",
                        $"{who} calling Service \"{entry.Name}\" ignore the per-try timeout of route \"{routes[r].Name}\" (gRPC retries are bounded by the route timeout only); set timeout to bound them.");
                }
            }

            var balancing = entry.LoadBalancing;
            if (balancing?.Algorithm is LoadBalancingAlgorithm.LeastRequest or LoadBalancingAlgorithm.Random or LoadBalancingAlgorithm.Maglev)
            {
                yield return Warn($"{field}.loadBalancing.algorithm",
                    $"{balancing.Algorithm} balances calls from Envoy sidecars to Service \"{entry.Name}\"; {who} calling it balance round robin (gRPC implements round robin and ring hash only).");
            }

            if (balancing?.HashOn is { } hash && (hash.Cookie is not null || hash.SourceIP is true))
            {
                yield return Warn($"{field}.loadBalancing.hashOn",
                    $"{who} calling Service \"{entry.Name}\" cannot hash on a cookie or the source IP (gRPC ring hash reads headers only), so their calls spread at random; hash on a header for them.");
            }
        }
    }

    private static PlanProblem Warn(string field, string message) =>
        new(field, message, ConditionReasons.Valid, ProblemSeverity.Warning);
}
