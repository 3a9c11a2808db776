using k8s.Models;
using Mesh.Operator.Entities;

namespace Mesh.Operator.NetworkPolicies;

/// <summary>
/// Compiles a MeshPolicy's authorization into Kubernetes NetworkPolicies: an L3/L4 backstop under Envoy's L7 RBAC, so
/// it may be wider than Envoy (paths, methods and Deny rules cannot be expressed) but never narrower.
///
/// One NetworkPolicy per Service that backs selected pods, named <c>mesh-&lt;policy&gt;-&lt;service&gt;</c>, selecting
/// the Service's pods that the policy meshes. Semantics, per Service:
/// - an <c>authorization</c> with action Allow and rules: the rules are the whole allow-list (Istio ALLOW semantics);
///   each rule allows its sources on the target ports of the Service ports it names (all when it names none) and 15006;
/// - no authorization, or action Deny/Audit (not expressible as an allow-list): defaultAuthorization decides:
///   AllowAll emits no ingress restriction (a policy would only close the ports the Service does not declare, which
///   breaks a namespace being migrated); DenyAll allows nothing but the mesh's own ports; AllowSameNamespace allows
///   the namespace's pods on the Service's ports.
/// - always open: the sidecar health port 15021 and, with metrics on, 15090, from anywhere. Kubelet probes need no
///   rule: NetworkPolicy always allows traffic from the pod's own node (Kubernetes docs, "Network Policies").
/// - egress is never isolated by us. When other NetworkPolicies already isolate every pod of the group for egress, the
///   policy also opens DNS (UDP/TCP 53 to the cluster DNS pods) and the operator's xDS/CA ports, which the sidecar
///   needs to start.
/// </summary>
public static class NetworkPolicyCompiler
{
    public static NetworkPolicyPlan Compile(NetworkPolicyInput input, NetworkPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        var policy = input.Policy;
        if (MeshPolicyDefaults.NetworkPolicyModeOf(policy.Spec) == NetworkPolicyMode.Disabled)
        {
            return new NetworkPolicyPlan { Policies = [], Warnings = [] };
        }
        var name = policy.Metadata.Name ?? throw new ArgumentException("The MeshPolicy has no name.", nameof(input));
        var @namespace = policy.Metadata.NamespaceProperty ?? throw new ArgumentException("The MeshPolicy has no namespace.", nameof(input));
        var workloadSelector = LabelSelectors.From(MeshPolicyDefaults.SelectorOf(policy.Spec));
        var warnings = new List<string>();
        var result = new List<V1NetworkPolicy>();
        var covered = new HashSet<V1Pod>(ReferenceEqualityComparer.Instance);
        var selectedByLabel = new PodsByLabel(input.SelectedPods);
        foreach (var service in input.Services.OrderBy(s => s.Metadata?.Name, StringComparer.Ordinal))
        {
            if (service.Spec?.Selector is not { Count: > 0 } serviceSelector || service.Metadata?.Name is not { } serviceName)
            {
                continue; // a Service without selector has hand-made endpoints: no pods to protect here
            }
            var group = selectedByLabel.Matching(serviceSelector);
            if (group.Count == 0)
            {
                continue;
            }
            covered.UnionWith(group);
            var podSelector = LabelSelectors.And(serviceSelector, workloadSelector);
            if (podSelector is null)
            {
                continue;
            }
            var ingress = IngressRules.For(input, options, service, @namespace, warnings);
            var egress = EgressRules.For(group, input.OtherNetworkPolicies, options, $"Service {@namespace}/{serviceName}", warnings);
            if (ingress is null && egress is null)
            {
                continue;
            }
            result.Add(new V1NetworkPolicy
            {
                ApiVersion = "networking.k8s.io/v1",
                Kind = "NetworkPolicy",
                Metadata = new V1ObjectMeta
                {
                    Name = NetworkPolicyNames.For(name, serviceName),
                    NamespaceProperty = @namespace,
                    Labels = new SortedDictionary<string, string>(MeshLabels.ForPolicy(name).ToDictionary(), StringComparer.Ordinal),
                    Annotations = new Dictionary<string, string> { ["mesh.dev/service"] = serviceName },
                },
                Spec = new V1NetworkPolicySpec
                {
                    PodSelector = podSelector,
                    PolicyTypes = [.. (ingress is null ? [] : new[] { "Ingress" }), .. (egress is null ? [] : new[] { "Egress" })],
                    Ingress = ingress,
                    Egress = egress,
                },
            });
        }
        var uncovered = input.SelectedPods.Where(p => !covered.Contains(p)).Select(p => p.Metadata?.Name).Order(StringComparer.Ordinal).ToList();
        if (uncovered.Count > 0)
        {
            warnings.Add($"Pods {string.Join(", ", uncovered)} back no Service; no NetworkPolicy restricts them.");
        }
        return new NetworkPolicyPlan { Policies = result.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal).ToList(), Warnings = warnings };
    }
}
