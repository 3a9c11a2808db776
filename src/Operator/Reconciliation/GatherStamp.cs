namespace Mesh.Operator.Reconciliation;

/// <summary>
/// The change counters of every cache a namespace's gather reads (<see cref="NamespaceGatherer.Stamp"/>).
/// <paramref name="ServicesNamedElsewhere"/> sums the Service counters of the other namespaces its policies name in
/// egress.services (counters only grow, so a change in any of them moves the sum; a change of which namespaces are
/// named is a policy change).
/// </summary>
internal readonly record struct GatherStamp(long Policies, long Services, long EndpointSlices, long Pods, long Nodes, long NetworkPolicies, long ServicesNamedElsewhere = 0);
