using k8s.Models;

namespace Mesh.Operator.Local;

/// <summary>The Pods and EndpointSlices local mode pretends a kubelet and the EndpointSlice controller would create.</summary>
public sealed record SimulatedWorkloads(IReadOnlyList<V1Pod> Pods, IReadOnlyList<V1EndpointSlice> EndpointSlices);
