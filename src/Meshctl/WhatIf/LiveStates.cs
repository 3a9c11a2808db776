using Mesh.Meshctl.Analysis;
using Mesh.Operator.Planning;

namespace Mesh.Meshctl.WhatIf;

/// <summary>
/// Pure: the objects read from the cluster as the operator's NamespaceGatherer sees them, one
/// <see cref="NamespaceState"/> per namespace (policies, Services, EndpointSlices, Pods, ServiceAccounts).
/// </summary>
internal static class LiveStates
{
    public static IReadOnlyList<NamespaceState> From(ManifestSet set, IEnumerable<string> alsoNamespaces)
    {
        ArgumentNullException.ThrowIfNull(set);
        var namespaces = set.Policies.Values.Select(p => p.Namespace)
            .Concat(alsoNamespaces)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        return namespaces.Select(ns => new NamespaceState
        {
            Namespace = ns,
            Policies = set.Policies.Values.Where(p => p.Namespace == ns && p.Policy is not null).Select(p => p.Policy!).ToList(),
            Services = set.Services.Values.Where(s => s.Metadata.NamespaceProperty == ns).ToList(),
            EndpointSlices = set.EndpointSlices.Values.Where(s => s.Metadata.NamespaceProperty == ns).ToList(),
            Pods = set.Pods.Values.Where(p => p.Metadata.NamespaceProperty == ns).ToList(),
            ServiceAccounts = set.ServiceAccounts.Values.Where(s => s.Metadata.NamespaceProperty == ns).ToList(),
        }).ToList();
    }
}
