using Mesh.Operator.Entities;

namespace Mesh.Operator.Planning.Rules;

/// <summary>
/// Route backends and mirrors point at something real: a subset defined on the same service, or a Service of the
/// namespace and one of its ports (the port may be left out only when that Service has exactly one).
/// </summary>
internal sealed class BackendReferencesRule : IPolicyRule
{
    public IEnumerable<PlanProblem> Check(PlanContext context)
    {
        for (var i = 0; i < context.Entries.Count; i++)
        {
            var entry = context.Entries[i];
            var subsets = (entry.Subsets ?? []).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
            var routes = entry.Routes ?? [];
            for (var j = 0; j < routes.Count; j++)
            {
                var route = routes[j];
                for (var k = 0; k < route.Backends.Count; k++)
                {
                    var b = route.Backends[k];
                    foreach (var problem in CheckTarget(context, subsets, b.Subset, b.Service, b.Port, $"spec.services[{i}].routes[{j}].backends[{k}]"))
                    {
                        yield return problem;
                    }
                }
                if (route.Mirror is { } m)
                {
                    foreach (var problem in CheckTarget(context, subsets, m.Subset, m.Service, m.Port, $"spec.services[{i}].routes[{j}].mirror"))
                    {
                        yield return problem;
                    }
                }
            }
        }
    }

    private static IEnumerable<PlanProblem> CheckTarget(PlanContext context, HashSet<string> subsets, string? subset, string? service, int? port, string field)
    {
        if (subset is not null && !subsets.Contains(subset))
        {
            yield return new PlanProblem(field + ".subset",
                $"subset \"{subset}\" is not defined on this service; define it under subsets or name a defined one.",
                ConditionReasons.ReferenceNotFound, ProblemSeverity.Error);
        }
        if (service is null)
        {
            yield break;
        }
        if (!context.ServicesByName.TryGetValue(service, out var target))
        {
            yield return new PlanProblem(field + ".service",
                $"Service \"{service}\" does not exist in namespace \"{context.Namespace}\"; create it or point the backend elsewhere.",
                ConditionReasons.ReferenceNotFound, ProblemSeverity.Error);
            yield break;
        }
        var ports = (target.Spec?.Ports ?? []).Select(p => p.Port).ToList();
        if (port is { } p && !ports.Contains(p))
        {
            yield return new PlanProblem(field + ".port",
                $"Service \"{service}\" has no port {p} (it has {ServicesExistRule.Describe(ports)}).",
                ConditionReasons.ReferenceNotFound, ProblemSeverity.Error);
        }
        else if (port is null && ports.Count != 1)
        {
            yield return new PlanProblem(field + ".port",
                $"Service \"{service}\" has {ports.Count} ports ({ServicesExistRule.Describe(ports)}); name the one to send to with port.",
                ConditionReasons.Invalid, ProblemSeverity.Error);
        }
    }
}
