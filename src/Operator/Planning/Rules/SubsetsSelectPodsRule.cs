using Mesh.Operator.Entities;

namespace Mesh.Operator.Planning.Rules;

/// <summary>
/// A subset that selects no pod of its Service is reported as a warning, not an error: during a rollout a version
/// can legitimately have no pods yet, and refusing the whole policy then would freeze every other change.
/// </summary>
internal sealed class SubsetsSelectPodsRule : IPolicyRule
{
    public IEnumerable<PlanProblem> Check(PlanContext context)
    {
        for (var i = 0; i < context.Entries.Count; i++)
        {
            var entry = context.Entries[i];
            if (!context.ServicesByName.TryGetValue(entry.Name, out var service))
            {
                continue;
            }
            var pods = context.PodsOf(service);
            var subsets = entry.Subsets ?? [];
            for (var j = 0; j < subsets.Count; j++)
            {
                var labels = subsets[j].Labels;
                if (!pods.Any(p => labels.All(l => p.Metadata.Labels?.TryGetValue(l.Key, out var v) == true && v == l.Value)))
                {
                    yield return new PlanProblem($"spec.services[{i}].subsets[{j}]",
                        $"subset \"{subsets[j].Name}\" selects no pod of Service \"{entry.Name}\" ({string.Join(",", labels.Select(l => $"{l.Key}={l.Value}"))}); traffic sent to it fails until such pods exist.",
                        ConditionReasons.ReferenceNotFound, ProblemSeverity.Warning);
                }
            }
        }
    }
}
