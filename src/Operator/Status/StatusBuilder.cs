using Mesh.Operator.Reconciliation;
using Mesh.Operator.Entities;
using Mesh.Operator.Hosting;
using Mesh.Operator.Planning;
using Mesh.Operator.Publishing;

namespace Mesh.Operator.Status;

/// <summary>
/// Computes the MeshPolicy status from the plan and the act steps (pure). Ready is the conjunction of the other
/// conditions; lastTransitionTime only moves when a condition's status changes.
/// </summary>
internal static class StatusBuilder
{
    /// <summary>
    /// Conditions come in a fixed order: Accepted, each step's condition in step order, Programmed, then Ready (True
    /// only when every other condition is True; otherwise it names the first one that is not).
    /// </summary>
    public static MeshPolicyStatus Build(
        MeshPolicyStatus? current,
        MeshPlan plan,
        IReadOnlyList<StepResult> steps,
        ProgrammedState programmed,
        DateTime now)
    {
        var generation = plan.Generation;
        Condition Make(string type, string status, string reason, string message) => new()
        {
            Type = type,
            Status = status,
            Reason = reason,
            Message = message,
            ObservedGeneration = generation,
            LastTransitionTime = Conditions.TruncateToSeconds(now),
        };

        var accepted = AcceptedOf(plan);
        ArgumentNullException.ThrowIfNull(steps);
        var parts = new List<Condition> { Make(ConditionTypes.Accepted, accepted.Status, accepted.Reason, accepted.Message) };
        parts.AddRange(steps.Select(s => Make(s.ConditionType, s.Outcome.Status, s.Outcome.Reason, s.Outcome.Message)));
        parts.Add(Make(ConditionTypes.Programmed, programmed.Status, programmed.Reason, programmed.Message));
        var blocker = parts.FirstOrDefault(c => c.Status != ConditionStatus.True);
        var ready = blocker is null
            ? Make(ConditionTypes.Ready, ConditionStatus.True, ConditionReasons.Ready, $"Every condition is True: {string.Join(", ", parts.Select(p => p.Type))}.")
            : Make(ConditionTypes.Ready, ConditionStatus.False, NotReadyReason(blocker.Type), $"{blocker.Type} is {blocker.Status}: {blocker.Message}");
        parts.Add(ready);

        var conditions = current?.Conditions;
        foreach (var condition in parts)
        {
            conditions = Conditions.Set(conditions, condition);
        }

        return new MeshPolicyStatus
        {
            ObservedGeneration = generation,
            Conditions = conditions,
            Workloads = steps.Select(s => s.Outcome.Workloads).OfType<WorkloadsStatus>().FirstOrDefault() ?? new WorkloadsStatus { Selected = plan.SelectedPods.Count },
            Proxies = programmed.Proxies,
            LastRejection = programmed.LastRejection ?? current?.LastRejection,
        };
    }

    private static (string Status, string Reason, string Message) AcceptedOf(MeshPlan plan)
    {
        var errors = plan.Errors.ToList();
        var warnings = plan.Warnings.ToList();
        if (errors.Count > 0)
        {
            var reason = errors.Any(e => e.Reason == ConditionReasons.Conflict) ? ConditionReasons.Conflict
                : errors.Any(e => e.Reason == ConditionReasons.ReferenceNotFound) ? ConditionReasons.ReferenceNotFound
                : ConditionReasons.Invalid;
            return (ConditionStatus.False, reason,
                $"{errors.Count} problem(s); the proxies keep the last accepted config: {string.Join(" ", errors.Select(e => e + (e.Message.EndsWith('.') ? "" : ".")))}");
        }
        var summary = $"{plan.Services.Count} service(s) and {plan.SelectedPods.Count} workload(s) are governed.";
        return (ConditionStatus.True, ConditionReasons.Valid,
            warnings.Count == 0 ? summary : $"{summary} Warnings: {string.Join(" ", warnings.Select(w => w.ToString()))}");
    }

    private static string NotReadyReason(string type) => type switch
    {
        ConditionTypes.Accepted => ConditionReasons.NotAccepted,
        ConditionTypes.CertificatesReady => ConditionReasons.CertificatesNotReady,
        ConditionTypes.NetworkPoliciesReady => ConditionReasons.NetworkPoliciesNotReady,
        ConditionTypes.WorkloadsReady => ConditionReasons.WorkloadsNotReady,
        ConditionTypes.Programmed => ConditionReasons.NotProgrammed,
        // A step added later without its own reason constant: "<Type>NotReady" keeps the UpperCamelCase convention.
        _ => type.EndsWith("Ready", StringComparison.Ordinal) ? type[..^"Ready".Length] + "NotReady" : type + "NotReady",
    };
}
