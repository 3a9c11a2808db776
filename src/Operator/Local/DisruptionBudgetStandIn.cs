using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Local;

/// <summary>
/// Local mode only: plays kube-controller-manager's disruption controller for policy/v1 PodDisruptionBudgets, so that
/// evictions (kubectl drain) are refused or allowed as in a cluster. For each budget (the key) it counts the matching
/// pods, the Ready ones, the desired healthy count from minAvailable or maxUnavailable (int or percent) and writes
/// status (currentHealthy, desiredHealthy, expectedPods, disruptionsAllowed, observedGeneration, the DisruptionAllowed
/// condition) through the status subresource when it changed. Expected pods are the matching pods (no scale lookup).
/// </summary>
internal sealed class DisruptionBudgetStandIn(KubeApi api, ObjectCache<V1PodDisruptionBudget> budgets, ObjectCache<V1Pod> pods, TimeProvider time)
    : IReconciler
{
    /// <summary>policy/v1 PodDisruptionBudgets.</summary>
    public static ResourceKind Kind { get; } = new() { Group = "policy", Version = "v1", Plural = "poddisruptionbudgets", Kind = "PodDisruptionBudget" };

    /// <summary>How long an eviction recorded in status.disruptedPods keeps its pod out of the healthy count (the controller's 2 minutes).</summary>
    public static TimeSpan DisruptedPodTimeout { get; } = TimeSpan.FromMinutes(2);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        var budget = budgets.Get(key);
        if (budget?.Spec is null || budget.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }

        var status = Compute(budget, pods.ListByNamespace(key.Namespace!), time.GetUtcNow().UtcDateTime);
        if (Same(budget.Status, status))
        {
            return ReconcileResult.Done;
        }

        var patch = new JsonObject { ["status"] = JsonNode.Parse(KubernetesJson.Serialize(status)) };
        if (budget.Status?.DisruptedPods is { Count: > 0 } && status.DisruptedPods is null)
        {
            patch["status"]!["disruptedPods"] = null;
        }

        await api.MergePatchAsync<V1PodDisruptionBudget>(Kind, key, patch.ToJsonString(), "status", ct).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    /// <summary>The status the disruption controller would write. Pure.</summary>
    public static V1PodDisruptionBudgetStatus Compute(V1PodDisruptionBudget budget, IEnumerable<V1Pod> namespacePods, DateTime now)
    {
        var matching = namespacePods.Where(p => Selects(budget.Spec.Selector, p.Metadata.Labels)).ToList();
        var disrupted = (budget.Status?.DisruptedPods ?? new Dictionary<string, DateTime?>())
            .Where(e => e.Value is { } at && at.ToUniversalTime() + DisruptedPodTimeout > now
                && matching.Any(p => p.Metadata.Name == e.Key && p.Metadata.DeletionTimestamp is null))
            .ToDictionary(e => e.Key, e => e.Value);
        var expected = matching.Count;
        var healthy = matching.Count(p => p.Metadata.DeletionTimestamp is null && IsReady(p) && !disrupted.ContainsKey(p.Metadata.Name));
        var desired = Desired(budget.Spec, expected);
        var allowed = Math.Max(0, healthy - desired);
        var generation = budget.Metadata.Generation ?? 1;
        var previous = budget.Status?.Conditions?.FirstOrDefault(c => c.Type == "DisruptionAllowed");
        var conditionStatus = allowed > 0 ? "True" : "False";
        return new V1PodDisruptionBudgetStatus
        {
            CurrentHealthy = healthy,
            DesiredHealthy = desired,
            ExpectedPods = expected,
            DisruptionsAllowed = allowed,
            ObservedGeneration = generation,
            DisruptedPods = disrupted.Count == 0 ? null : disrupted,
            Conditions =
            [
                new V1Condition
                {
                    Type = "DisruptionAllowed",
                    Status = conditionStatus,
                    Reason = allowed > 0 ? "SufficientPods" : "InsufficientPods",
                    Message = "",
                    ObservedGeneration = generation,
                    LastTransitionTime = previous?.Status == conditionStatus ? previous.LastTransitionTime : now,
                },
            ],
        };
    }

    /// <summary>minAvailable (int or percent of expected, rounded up) or expected minus maxUnavailable (rounded up); 0 without either.</summary>
    public static int Desired(V1PodDisruptionBudgetSpec spec, int expected)
    {
        if (spec.MaxUnavailable is { } maxUnavailable)
        {
            return Math.Max(0, expected - Scaled(maxUnavailable.ToString(), expected));
        }

        return spec.MinAvailable is { } minAvailable ? Scaled(minAvailable.ToString(), expected) : 0;
    }

    private static int Scaled(string? value, int total)
    {
        value ??= "0";
        if (value.EndsWith('%'))
        {
            var percent = int.Parse(value[..^1], CultureInfo.InvariantCulture);
            return (int)Math.Ceiling(percent * total / 100.0);
        }

        return int.Parse(value, CultureInfo.InvariantCulture);
    }

    /// <summary>policy/v1: an empty selector selects every pod of the namespace, a missing one none.</summary>
    private static bool Selects(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        if (selector is null)
        {
            return false;
        }

        labels ??= new Dictionary<string, string>();
        var matchLabels = selector.MatchLabels ?? new Dictionary<string, string>();
        return matchLabels.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value)
            && (selector.MatchExpressions ?? []).All(e => e.OperatorProperty switch
            {
                "In" => labels.TryGetValue(e.Key, out var v) && (e.Values ?? []).Contains(v),
                "NotIn" => !labels.TryGetValue(e.Key, out var v) || !(e.Values ?? []).Contains(v),
                "Exists" => labels.ContainsKey(e.Key),
                "DoesNotExist" => !labels.ContainsKey(e.Key),
                _ => false,
            });
    }

    private static bool IsReady(V1Pod pod) =>
        pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private static bool Same(V1PodDisruptionBudgetStatus? current, V1PodDisruptionBudgetStatus next) =>
        current is not null
        && current.CurrentHealthy == next.CurrentHealthy
        && current.DesiredHealthy == next.DesiredHealthy
        && current.ExpectedPods == next.ExpectedPods
        && current.DisruptionsAllowed == next.DisruptionsAllowed
        && current.ObservedGeneration == next.ObservedGeneration
        && (current.DisruptedPods?.Count ?? 0) == (next.DisruptedPods?.Count ?? 0)
        && current.Conditions?.FirstOrDefault(c => c.Type == "DisruptionAllowed")?.Status == next.Conditions![0].Status;
}
