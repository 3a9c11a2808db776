using k8s;
using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.Planning;

namespace Mesh.Operator.WhatIf;

/// <summary>
/// Pure: the live namespace states with proposed MeshPolicies laid over them, as applying them would leave the cluster.
/// A proposed policy replaces the live one of the same name (keeping its creationTimestamp and generation, so that
/// Service ownership and snapshot labels are decided as they would be after the update) or joins its namespace as
/// created now, after every live policy.
/// </summary>
public static class ProposedChange
{
    // Later than any live object: a created policy is the youngest, so it loses Service ownership to older ones.
    private static readonly DateTime CreatedNow = new(9000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The states after applying <paramref name="proposed"/>, one per namespace of the live states and of the proposed policies.</summary>
    public static IReadOnlyList<NamespaceState> Apply(IReadOnlyList<NamespaceState> live, IReadOnlyList<MeshPolicy> proposed)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(proposed);
        var states = live.ToDictionary(s => s.Namespace, StringComparer.Ordinal);
        var order = 0;
        foreach (var policy in proposed)
        {
            var ns = policy.Metadata.NamespaceProperty;
            var state = states.GetValueOrDefault(ns) ?? new NamespaceState { Namespace = ns };
            var current = state.Policies.FirstOrDefault(p => p.Metadata.Name == policy.Metadata.Name);
            var metadata = KubernetesJson.Deserialize<V1ObjectMeta>(KubernetesJson.Serialize(policy.Metadata));
            metadata.CreationTimestamp = current?.Metadata.CreationTimestamp ?? metadata.CreationTimestamp ?? CreatedNow.AddSeconds(order++);
            metadata.Generation = current?.Metadata.Generation ?? metadata.Generation ?? 1;
            var laid = new MeshPolicy { Metadata = metadata, Spec = policy.Spec, Status = current?.Status };
            states[ns] = state with
            {
                Policies = state.Policies.Where(p => p.Metadata.Name != policy.Metadata.Name).Append(laid).ToList(),
            };
        }
        return states.Values.OrderBy(s => s.Namespace, StringComparer.Ordinal).ToList();
    }
}
