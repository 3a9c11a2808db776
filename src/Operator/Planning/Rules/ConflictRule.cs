using Mesh.Operator.Entities;

namespace Mesh.Operator.Planning.Rules;

/// <summary>A Service already governed by an older MeshPolicy of the namespace refuses the newer one.</summary>
internal sealed class ConflictRule : IPolicyRule
{
    public IEnumerable<PlanProblem> Check(PlanContext context)
    {
        for (var i = 0; i < context.Entries.Count; i++)
        {
            if (context.Conflicts.TryGetValue(context.Entries[i].Name, out var owner))
            {
                yield return new PlanProblem($"spec.services[{i}].name",
                    $"Service \"{context.Entries[i].Name}\" is already governed by MeshPolicy \"{owner}\", which is older; a Service may be listed by one MeshPolicy only: remove it from this policy or from \"{owner}\".",
                    ConditionReasons.Conflict, ProblemSeverity.Error);
            }
        }
    }
}
