using Mesh.Operator.Entities;
using Mesh.Operator.Planning;

namespace Mesh.Operator.WhatIf;

/// <summary>
/// Pure: the live namespace states and proposed MeshPolicies in, a <see cref="WhatIfOutcome"/> out. Both models are
/// planned and merged exactly as the operator does; the only difference between them is the proposed policies.
/// </summary>
public static class WhatIfPlanner
{
    public static WhatIfOutcome Evaluate(IReadOnlyList<NamespaceState> live, IReadOnlyList<MeshPolicy> proposed)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(proposed);
        var after = ProposedChange.Apply(live, proposed);
        var planned = MeshStatePlanner.Plan(after);
        var plans = proposed
            .Select(p => planned.Plans[$"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}"])
            .ToList();
        if (plans.Any(p => !p.IsAccepted))
        {
            return new WhatIfOutcome { Plans = plans, Report = new WhatIfReport() };
        }
        // Before: the live policies of the namespaces the proposal touches (a namespace only the proposal names has none).
        var before = MeshStatePlanner.Plan(live);
        return new WhatIfOutcome { Plans = plans, Report = WhatIfEngine.Compare(before.Model, planned.Model) };
    }

    /// <summary>The plans of the proposed policies only (no translation): what admission of a real write needs.</summary>
    public static WhatIfOutcome PlanOnly(IReadOnlyList<NamespaceState> live, IReadOnlyList<MeshPolicy> proposed)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(proposed);
        var after = ProposedChange.Apply(live, proposed);
        var plans = proposed
            .Select(p => MeshPlanner.Plan(after.Single(s => s.Namespace == p.Metadata.NamespaceProperty).Policies.Single(x => x.Metadata.Name == p.Metadata.Name), after.Single(s => s.Namespace == p.Metadata.NamespaceProperty)))
            .ToList();
        return new WhatIfOutcome { Plans = plans, Report = new WhatIfReport() };
    }
}
