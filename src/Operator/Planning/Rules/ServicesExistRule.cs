using Mesh.Operator.Entities;

namespace Mesh.Operator.Planning.Rules;

/// <summary>Every listed Service exists in the policy's namespace, and every listed port is one of its ports.</summary>
internal sealed class ServicesExistRule : IPolicyRule
{
    public IEnumerable<PlanProblem> Check(PlanContext context)
    {
        for (var i = 0; i < context.Entries.Count; i++)
        {
            var entry = context.Entries[i];
            if (!context.ServicesByName.TryGetValue(entry.Name, out var service))
            {
                yield return new PlanProblem($"spec.services[{i}].name",
                    $"Service \"{entry.Name}\" does not exist in namespace \"{context.Namespace}\"; create it or remove this entry.",
                    ConditionReasons.ReferenceNotFound, ProblemSeverity.Error);
                continue;
            }
            var known = (service.Spec?.Ports ?? []).Select(p => p.Port).ToHashSet();
            var ports = entry.Ports ?? [];
            for (var j = 0; j < ports.Count; j++)
            {
                if (!known.Contains(ports[j].Port))
                {
                    yield return new PlanProblem($"spec.services[{i}].ports[{j}].port",
                        $"Service \"{entry.Name}\" has no port {ports[j].Port} (it has {Describe(known)}); use one of its ports.",
                        ConditionReasons.ReferenceNotFound, ProblemSeverity.Error);
                }
            }
        }
    }

    internal static string Describe(IEnumerable<int> ports)
    {
        var list = ports.Order().ToList();
        return list.Count == 0 ? "no ports" : string.Join(", ", list);
    }
}
