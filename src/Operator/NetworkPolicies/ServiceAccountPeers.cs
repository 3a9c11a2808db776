using k8s.Models;

namespace Mesh.Operator.NetworkPolicies;

/// <summary>
/// Maps a ServiceAccount identity to NetworkPolicy pod selectors. NetworkPolicy cannot select by ServiceAccount, so we
/// select by the labels of the pods that run as it:
/// 1. the labels every such pod shares (minus per-pod labels such as pod-template-hash), when that set selects no pod
///    of another ServiceAccount in the namespace: one exact peer;
/// 2. otherwise one peer per distinct label set of those pods, and a warning when a set also selects pods of other
///    ServiceAccounts (they get through at L3/L4; Envoy's RBAC still refuses them by certificate);
/// 3. no pod runs as it: no peer and a warning (nothing to allow until such a pod exists; the next reconcile adds it).
/// A pod without labels cannot be selected alone; selecting "every pod" would open the door wide, so it is skipped and reported.
/// </summary>
internal static class ServiceAccountPeers
{
    private static readonly HashSet<string> PerPodLabels = new(StringComparer.Ordinal)
    {
        "pod-template-hash",
        "controller-revision-hash",
        "pod-template-generation",
        "statefulset.kubernetes.io/pod-name",
        "apps.kubernetes.io/pod-index",
        "batch.kubernetes.io/controller-uid",
        "controller-uid",
        "batch.kubernetes.io/job-completion-index",
    };

    public static List<V1NetworkPolicyPeer> For(string policyNamespace, string @namespace, string serviceAccount, IReadOnlyList<V1Pod> pods, List<string> warnings)
    {
        var inNamespace = pods.Where(p => (p.Metadata?.NamespaceProperty ?? policyNamespace) == @namespace).ToList();
        var own = inNamespace.Where(p => AccountOf(p) == serviceAccount).ToList();
        var others = inNamespace.Where(p => AccountOf(p) != serviceAccount).ToList();
        var identity = $"ServiceAccount {@namespace}/{serviceAccount}";
        if (own.Count == 0)
        {
            warnings.Add($"No pod runs as {identity}; NetworkPolicies allow nothing for it until one does.");
            return [];
        }
        var sets = own.Select(StableLabels).ToList();
        var unlabelled = own.Where((_, i) => sets[i].Count == 0).Select(p => p.Metadata?.Name).ToList();
        if (unlabelled.Count > 0)
        {
            warnings.Add($"Pods {string.Join(", ", unlabelled)} run as {identity} but have no labels; NetworkPolicy cannot select them, so their traffic is refused at L3/L4. Label them.");
        }
        var common = sets.Where(s => s.Count > 0).Aggregate((SortedDictionary<string, string>?)null, (acc, s) => acc is null
            ? new SortedDictionary<string, string>(s, StringComparer.Ordinal)
            : new SortedDictionary<string, string>(acc.Where(kv => s.TryGetValue(kv.Key, out var v) && v == kv.Value).ToDictionary(), StringComparer.Ordinal));
        var candidates = common is { Count: > 0 } && !others.Any(o => LabelSelectors.Matches(LabelSelectors.Exactly(common), o.Metadata?.Labels))
            ? [common]
            : sets.Where(s => s.Count > 0).DistinctBy(Key).OrderBy(Key, StringComparer.Ordinal).ToList();
        var peers = new List<V1NetworkPolicyPeer>();
        foreach (var labels in candidates)
        {
            var selector = LabelSelectors.Exactly(labels);
            var leaking = others.Where(o => LabelSelectors.Matches(selector, o.Metadata?.Labels)).Select(AccountOf).Distinct().Order(StringComparer.Ordinal).ToList();
            if (leaking.Count > 0)
            {
                warnings.Add($"The labels {Key(labels)} of pods running as {identity} also select pods of ServiceAccount(s) {string.Join(", ", leaking)}; " +
                    "NetworkPolicies let those through and only Envoy's authorization refuses them. Give each ServiceAccount's pods a distinguishing label.");
            }
            peers.Add(new V1NetworkPolicyPeer
            {
                PodSelector = selector,
                NamespaceSelector = @namespace == policyNamespace ? null : NetworkPolicyPeers.Namespace(@namespace),
            });
        }
        return peers;
    }

    internal static string AccountOf(V1Pod pod) =>
        string.IsNullOrEmpty(pod.Spec?.ServiceAccountName) ? "default" : pod.Spec.ServiceAccountName;

    private static SortedDictionary<string, string> StableLabels(V1Pod pod) => new(
        (pod.Metadata?.Labels ?? new Dictionary<string, string>()).Where(kv => !PerPodLabels.Contains(kv.Key)).ToDictionary(),
        StringComparer.Ordinal);

    private static string Key(SortedDictionary<string, string> labels) => "{" + string.Join(", ", labels.Select(kv => $"{kv.Key}={kv.Value}")) + "}";
}
