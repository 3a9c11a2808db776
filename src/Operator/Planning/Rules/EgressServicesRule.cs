using Mesh.Operator.Entities;

namespace Mesh.Operator.Planning.Rules;

/// <summary>
/// An <c>egress.services</c> entry naming a Service that does not exist is reported: the sidecars are then configured
/// for nothing under that name, and a typo would otherwise look like a Service that does not answer. A warning, not an
/// error: the Service may come later (an Argo CD sync applies objects in any order), and the status clears when it does
/// (a Service of another namespace wakes the policies that name it). Entries of other namespaces are checked against
/// <see cref="NamespaceState.ServicesNamedElsewhere"/>, when the gatherer looked them up.
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

            var (ns, name) = (entry[..slash], entry[(slash + 1)..]);
            if (name == "*")
            {
                continue;
            }

            var missing = ns == context.Namespace
                ? !context.ServicesByName.ContainsKey(name)
                : context.State.ServicesNamedElsewhere is { } elsewhere && !elsewhere.Contains(entry);
            if (missing)
            {
                yield return new PlanProblem($"spec.egress.services[{i}]",
                    $"Service \"{name}\" does not exist in namespace \"{ns}\": no sidecar is configured for it until it does; create it or fix the entry.",
                    ConditionReasons.ReferenceNotFound, ProblemSeverity.Warning);
            }
        }
    }
}
