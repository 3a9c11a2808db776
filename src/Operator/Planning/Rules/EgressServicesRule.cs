using Mesh.Operator.Entities;

namespace Mesh.Operator.Planning.Rules;

/// <summary>
/// An <c>egress.services</c> entry naming a Service of the policy's own namespace that does not exist is reported: the
/// sidecars are then configured for nothing under that name, and a typo would otherwise look like a Service that does
/// not answer. A warning, not an error: the Service may come later (an Argo CD sync applies objects in any order), and
/// the status clears when it does. Entries of other namespaces are not checked (the planner sees one namespace).
/// </summary>
internal sealed class EgressServicesRule : IPolicyRule
{
    public IEnumerable<PlanProblem> Check(PlanContext context)
    {
        var entries = context.Policy.Spec.Egress?.Services ?? [];
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = EgressServiceEntries.Resolve(entries[i], context.Namespace);
            var slash = entry.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                continue;
            }

            var name = entry[(slash + 1)..];
            if (entry[..slash] == context.Namespace && name != "*" && !context.ServicesByName.ContainsKey(name))
            {
                yield return new PlanProblem($"spec.egress.services[{i}]",
                    $"Service \"{name}\" does not exist in namespace \"{context.Namespace}\": no sidecar is configured for it until it does; create it or fix the entry.",
                    ConditionReasons.ReferenceNotFound, ProblemSeverity.Warning);
            }
        }
    }
}
