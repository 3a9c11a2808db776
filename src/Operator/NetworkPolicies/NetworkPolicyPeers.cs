using k8s.Models;

namespace Mesh.Operator.NetworkPolicies;

/// <summary>Small peer and port constructors.</summary>
internal static class NetworkPolicyPeers
{
    /// <summary>kubernetes.io/metadata.name is set on every namespace by the API server since 1.21 (immutable, trustworthy).</summary>
    public static V1LabelSelector Namespace(string name) =>
        new() { MatchLabels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = name } };

    public static V1NetworkPolicyPort Port(IntOrString port, string protocol = "TCP") => new() { Port = port, Protocol = protocol };

    public static string Key(V1NetworkPolicyPort port) => $"{port.Protocol}/{port.Port}";

    public static string Key(V1NetworkPolicyPeer peer) =>
        $"ns:{Selector(peer.NamespaceSelector)};pod:{Selector(peer.PodSelector)};ip:{peer.IpBlock?.Cidr}";

    private static string Selector(V1LabelSelector? selector) => selector is null
        ? "-"
        : string.Join(",", (selector.MatchLabels ?? new Dictionary<string, string>()).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}")) +
          "|" + string.Join(",", (selector.MatchExpressions ?? []).Select(e => $"{e.Key} {e.OperatorProperty} {string.Join("/", e.Values ?? [])}"));
}
