using k8s.Models;
using Mesh.Operator.Sidecar;

namespace Mesh.Operator.Injection;

/// <summary>What <see cref="ProbeRewriter"/> decided for one pod.</summary>
public sealed record ProbeRewrite
{
    /// <summary>Rewritten probes: (index in spec.containers, probe field such as <c>readinessProbe</c>) -> the new probe.</summary>
    public IReadOnlyDictionary<(int Container, string Field), V1Probe> Rewritten { get; init; } = new Dictionary<(int, string), V1Probe>();

    /// <summary>The original HTTP probes by rewritten path (the app-probers annotation); empty when none was rewritten.</summary>
    internal IReadOnlyDictionary<string, AppProber> Probers { get; init; } = new Dictionary<string, AppProber>();

    /// <summary>Ports of TCP and gRPC probes, excluded from inbound capture so that the kubelet reaches them directly.</summary>
    public IReadOnlyList<int> ExcludedInboundPorts { get; init; } = [];

    /// <summary>Probes left as they were, and why.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
