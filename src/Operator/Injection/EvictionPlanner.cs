using k8s.Models;

namespace Mesh.Operator.Injection;

/// <summary>
/// restartOnChange, pure and level-based: at most one eviction in flight per policy, and only when every other governed
/// pod is Ready (so the previous replacement has come up); only pods a controller recreates; a pod without a sidecar
/// only after <see cref="MissingSidecarGrace"/> (a pod admitted while the injector was down is replaced once it is
/// back, and a persistent injection failure costs one eviction per grace period, not a hot loop).
/// </summary>
public static class EvictionPlanner
{
    /// <summary>How old a pod without a sidecar must be before it is evicted.</summary>
    public static readonly TimeSpan MissingSidecarGrace = TimeSpan.FromSeconds(30);

    /// <summary>Owner kinds whose controller recreates an evicted pod. Deployment: local mode's simulated pods only (in a cluster a ReplicaSet owns them).</summary>
    public static IReadOnlySet<string> ControllerKinds { get; } =
        new HashSet<string>(StringComparer.Ordinal) { "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "ReplicationController", "Deployment" };

    public static EvictionDecision Decide(WorkloadsReport report, bool restartOnChange, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!restartOnChange || report.NeedRestart.Count == 0)
        {
            return EvictionDecision.Nothing;
        }
        if (report.Terminating.Count > 0)
        {
            return new EvictionDecision { Waiting = $"waiting for {Name(report.Terminating[0])} to terminate before the next restart" };
        }
        var recreatable = report.NeedRestart.Where(HasController).ToList();
        if (recreatable.Count == 0)
        {
            return new EvictionDecision { Waiting = $"no pod to restart has a controller that would recreate it (e.g. {Name(report.NeedRestart[0])}); delete and recreate them yourself" };
        }
        var unready = report.Governed.Where(p => !IsReady(p)).ToList();
        DateTimeOffset? recheck = null;
        foreach (var pod in recreatable.OrderBy(p => IsReady(p)).ThenBy(p => p.Metadata.Name, StringComparer.Ordinal))
        {
            if (unready.Any(u => u.Metadata.Name != pod.Metadata.Name))
            {
                continue;
            }
            if (!SidecarInjector.IsInjected(pod) && pod.Metadata.CreationTimestamp is { } created
                && new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) + MissingSidecarGrace is var due && due > now)
            {
                recheck = recheck is null || due < recheck ? due : recheck;
                continue;
            }
            return new EvictionDecision { Evict = pod };
        }
        return unready.Count > 0 && recheck is null
            ? new EvictionDecision { Waiting = $"waiting for {Name(unready[0])} to become Ready before the next restart" }
            : new EvictionDecision { Waiting = "waiting for pods without a sidecar to age past the grace period before restarting them", RecheckAt = recheck };
    }

    public static bool HasController(V1Pod pod) =>
        pod.Metadata.OwnerReferences?.Any(o => o.Controller == true && ControllerKinds.Contains(o.Kind)) == true;

    public static bool IsReady(V1Pod pod) =>
        pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private static string Name(V1Pod pod) => $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";
}
