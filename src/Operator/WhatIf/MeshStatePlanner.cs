using Mesh.Operator.Planning;
using Mesh.Operator.Publishing;

namespace Mesh.Operator.WhatIf;

/// <summary>
/// Pure: namespace states in, the model the operator would publish out. Every policy is planned against its namespace
/// and, when accepted, published the way the reconciler does (<see cref="PublishedPolicy.From"/>), then merged by
/// <see cref="MeshModelAssembler"/>. A live policy that is refused today is served its last good config by the
/// operator, which no one outside it can know: here it contributes nothing, in both models alike.
/// </summary>
public static class MeshStatePlanner
{
    public static PlannedMesh Plan(IEnumerable<NamespaceState> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        var plans = new SortedDictionary<string, MeshPlan>(StringComparer.Ordinal);
        var published = new List<PublishedPolicy>();
        foreach (var state in states.OrderBy(s => s.Namespace, StringComparer.Ordinal))
        {
            foreach (var policy in state.Policies.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal))
            {
                var plan = MeshPlanner.Plan(policy, state);
                plans[$"{state.Namespace}/{policy.Metadata.Name}"] = plan;
                if (plan.IsAccepted)
                {
                    published.Add(PublishedPolicy.From(plan, state));
                }
            }
        }
        return new PlannedMesh { Model = MeshModelAssembler.Assemble(published), Plans = plans };
    }
}
