using k8s.Models;
using Mesh.Operator.Entities;

namespace Mesh.Operator.Planning.Rules;

/// <summary>
/// A subset that selects no pod of its Service is reported as a warning, not an error: during a rollout a version
/// can legitimately have no pods yet, and refusing the whole policy then would freeze every other change.
/// </summary>
/// <remarks>
/// A Service without a selector has no pods of its own: its EndpointSlices are written by hand (or by another
/// controller), and a subset reaches an endpoint only through the labels of the Pod the endpoint names (targetRef), as
/// an Istio DestinationRule subset does. So for such a Service the subsets are checked against the Pods its endpoints
/// name; when no endpoint names a known Pod, membership cannot be known per subset, and one warning for the entry says
/// what follows (its subsets match no endpoint) instead of a false "selects no pod" per subset.
/// </remarks>
internal sealed class SubsetsSelectPodsRule : IPolicyRule
{
    public IEnumerable<PlanProblem> Check(PlanContext context)
    {
        for (var i = 0; i < context.Entries.Count; i++)
        {
            var entry = context.Entries[i];
            var subsets = entry.Subsets ?? [];
            if (subsets.Count == 0 || !context.ServicesByName.TryGetValue(entry.Name, out var service))
            {
                continue;
            }
            var hasSelector = service.Spec?.Selector is { Count: > 0 };
            var pods = hasSelector ? context.PodsOf(service) : PodsNamedByEndpoints(context, service);
            if (!hasSelector && pods.Count == 0)
            {
                yield return new PlanProblem($"spec.services[{i}].subsets",
                    $"Service \"{entry.Name}\" has no selector and none of its endpoints names a Pod (targetRef), so its subsets ({string.Join(", ", subsets.Select(s => s.Name))}) match no endpoint: a subset picks endpoints by their Pods' labels. Route to the Service without a subset, or give the EndpointSlice endpoints a targetRef to their Pods.",
                    ConditionReasons.Valid, ProblemSeverity.Warning);
                continue;
            }
            for (var j = 0; j < subsets.Count; j++)
            {
                var labels = subsets[j].Labels;
                if (!pods.Any(p => labels.All(l => p.Metadata.Labels?.TryGetValue(l.Key, out var v) == true && v == l.Value)))
                {
                    var selects = $"subset \"{subsets[j].Name}\" selects no pod";
                    var labelText = string.Join(",", labels.Select(l => $"{l.Key}={l.Value}"));
                    yield return new PlanProblem($"spec.services[{i}].subsets[{j}]",
                        hasSelector
                            ? $"{selects} of Service \"{entry.Name}\" ({labelText}); traffic sent to it fails until such pods exist."
                            : $"{selects} named by the endpoints of Service \"{entry.Name}\" ({labelText}); the Service has no selector, so only the Pods its EndpointSlices name (targetRef) count. Traffic sent to it fails until such pods exist.",
                        ConditionReasons.ReferenceNotFound, ProblemSeverity.Warning);
                }
            }
        }
    }

    /// <summary>The known Pods a selector-less Service's endpoints name, ready or not (membership, not health).</summary>
    private static List<V1Pod> PodsNamedByEndpoints(PlanContext context, V1Service service) =>
        context.SlicesByService[service.Metadata.Name]
            .SelectMany(s => s.Endpoints ?? [])
            .Select(e => e.TargetRef is { Kind: "Pod", Name: { } name } && context.PodsByName.TryGetValue(name, out var pod) ? pod : null)
            .OfType<V1Pod>()
            .Distinct()
            .ToList();
}
