namespace Mesh.Operator.Reconciliation;

/// <summary>The change counters of every cache a namespace's gather reads (<see cref="NamespaceGatherer.Stamp"/>).</summary>
internal readonly record struct GatherStamp(long Policies, long Services, long EndpointSlices, long Pods, long Nodes, long NetworkPolicies);
