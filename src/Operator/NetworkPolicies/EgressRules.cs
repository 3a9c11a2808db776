using k8s.Models;

namespace Mesh.Operator.NetworkPolicies;

/// <summary>
/// Egress holes the sidecar needs (DNS, the operator's xDS/CA ports), emitted only where other NetworkPolicies already
/// isolate the pods for egress: NetworkPolicies add up, so our holes open exactly these destinations and nothing else,
/// while emitting an Egress policy where none existed would newly cut every other destination of the app.
/// </summary>
internal static class EgressRules
{
    public static List<V1NetworkPolicyEgressRule>? For(IReadOnlyList<V1Pod> group, IReadOnlyList<V1NetworkPolicy> others, NetworkPolicyOptions options, string what, List<string> warnings)
    {
        var isolating = others.Where(IsEgress).ToList();
        var isolated = group.Where(p => isolating.Any(np => LabelSelectors.Matches(np.Spec?.PodSelector ?? new V1LabelSelector(), p.Metadata?.Labels))).ToList();
        if (isolated.Count == 0)
        {
            return null;
        }
        if (isolated.Count < group.Count)
        {
            warnings.Add($"Only some pods of {what} are isolated for egress by other NetworkPolicies ({string.Join(", ", isolated.Select(p => p.Metadata?.Name))}); " +
                "no egress rules are added for them because a shared selector would cut the others' egress. Allow DNS and ports " +
                $"{string.Join("/", options.OperatorPorts)} to {options.OperatorNamespace} in your own policy.");
            return null;
        }
        return
        [
            new V1NetworkPolicyEgressRule
            {
                To = [new V1NetworkPolicyPeer { NamespaceSelector = NetworkPolicyPeers.Namespace(options.DnsNamespace), PodSelector = LabelSelectors.Exactly(options.DnsPodLabels) }],
                Ports = [NetworkPolicyPeers.Port(53, "UDP"), NetworkPolicyPeers.Port(53, "TCP")],
            },
            new V1NetworkPolicyEgressRule
            {
                To = [new V1NetworkPolicyPeer { NamespaceSelector = NetworkPolicyPeers.Namespace(options.OperatorNamespace), PodSelector = LabelSelectors.Exactly(options.OperatorPodLabels) }],
                Ports = options.OperatorPorts.Select(p => NetworkPolicyPeers.Port(p)).ToList(),
            },
        ];
    }

    private static bool IsEgress(V1NetworkPolicy policy) =>
        policy.Spec?.PolicyTypes is { } types ? types.Contains("Egress") : policy.Spec?.Egress is not null;
}
