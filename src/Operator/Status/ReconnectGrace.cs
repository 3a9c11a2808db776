using Mesh.Operator.Entities;

namespace Mesh.Operator.Status;

/// <summary>
/// After the operator (re)starts, its proxies reconnect over the first seconds: a status computed before they are back
/// would report them gone (Programmed NoProxies, 0 connected) and then count them up again, one write per step, ending
/// where the previous instance left it. Envoy keeps serving its last ACKed config while the control plane is away, so
/// the status the previous instance wrote still describes the data plane. During the grace window such a write is held:
/// only when the new status differs from the current one in nothing but the proxy counts going down and the conditions
/// that follow from them (Programmed, Ready). Anything else (a new generation, a step's condition, a rejection) is
/// written at once, and after the window the truth is written whatever it is.
/// </summary>
public static class ReconnectGrace
{
    /// <summary>How long after start a status with fewer proxies than recorded is held (default for the reconciler).</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    private static readonly HashSet<string> ProxyConditions = [ConditionTypes.Programmed, ConditionTypes.Ready];

    /// <summary>True when <paramref name="next"/> should not replace <paramref name="current"/> yet.</summary>
    public static bool Hold(MeshPolicyStatus? current, MeshPolicyStatus next, bool windowOpen)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (current?.Proxies is not { } was || !windowOpen || current.ObservedGeneration != next.ObservedGeneration)
        {
            return false;
        }

        var now = next.Proxies ?? new ProxiesStatus();
        var fewer = now.Connected < was.Connected || now.Acked < was.Acked;
        return fewer
            && now.Connected <= was.Connected && now.Acked <= was.Acked && now.Nacked <= was.Nacked && now.Unknown <= was.Unknown
            && current.Workloads == next.Workloads
            && current.LastRejection == next.LastRejection
            && Conditions.Same(Others(current.Conditions), Others(next.Conditions));
    }

    private static List<Condition> Others(IList<Condition>? conditions) =>
        (conditions ?? []).Where(c => !ProxyConditions.Contains(c.Type)).ToList();
}
