using Mesh.Operator.Entities;
using Mesh.Operator.Hosting;
using Mesh.Operator.Planning;
using Mesh.Operator.Publishing;

namespace Mesh.Operator.Reconciliation;

/// <summary>
/// Computes the MeshPolicy status from the plan and the act steps (pure). Ready is the conjunction of the other
/// conditions; lastTransitionTime only moves when a condition's status changes.
/// </summary>
internal static class StatusBuilder
{
    public static MeshPolicyStatus Build(
        MeshPolicyStatus? current,
        MeshPlan plan,
        StepOutcome certificates,
        StepOutcome networkPolicies,
        ProgrammedState programmed,
        DateTime now,
        WorkloadsOutcome? workloads = null)
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
        var parts = new List<Condition>
        {
            Make(ConditionTypes.Accepted, accepted.Status, accepted.Reason, accepted.Message),
            Make(ConditionTypes.CertificatesReady, certificates.Status, certificates.Reason, certificates.Message),
        };
        if (workloads is not null)
        {
            parts.Add(Make(ConditionTypes.WorkloadsReady, workloads.Condition.Status, workloads.Condition.Reason, workloads.Condition.Message));
        }
        parts.AddRange(
        [
            Make(ConditionTypes.NetworkPoliciesReady, networkPolicies.Status, networkPolicies.Reason, networkPolicies.Message),
            Make(ConditionTypes.Programmed, programmed.Status, programmed.Reason, programmed.Message),
        ]);
        var blocker = parts.FirstOrDefault(c => c.Status != ConditionStatus.True);
        var ready = blocker is null
            ? Make(ConditionTypes.Ready, ConditionStatus.True, ConditionReasons.Ready, workloads is null
                ? "The policy is accepted, its certificates are issued, its NetworkPolicies applied and its config ACKed."
                : "The policy is accepted, its certificates are issued, its pods run the current sidecar, its NetworkPolicies are applied and its config ACKed.")
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
            Workloads = workloads?.Counts ?? new WorkloadsStatus { Selected = plan.SelectedPods.Count },
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
        _ => ConditionReasons.NotProgrammed,
    };
}
