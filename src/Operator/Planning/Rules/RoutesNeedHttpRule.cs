using Mesh.Operator.Entities;

namespace Mesh.Operator.Planning.Rules;

/// <summary>Routes act on HTTP, HTTP/2 and gRPC ports only; on a Service with only TCP ports they would do nothing.</summary>
internal sealed class RoutesNeedHttpRule : IPolicyRule
{
    public IEnumerable<PlanProblem> Check(PlanContext context)
    {
        for (var i = 0; i < context.Entries.Count; i++)
        {
            var entry = context.Entries[i];
            if (entry.Routes is not { Count: > 0 } || !context.ServicesByName.TryGetValue(entry.Name, out var service))
            {
                continue;
            }
            var anyHttp = (service.Spec?.Ports ?? []).Any(p =>
                ProtocolResolver.Resolve(entry.Ports?.FirstOrDefault(x => x.Port == p.Port)?.Protocol, p).Protocol != XdsServer.Model.ServiceProtocol.Tcp);
            if (!anyHttp)
            {
                yield return new PlanProblem($"spec.services[{i}].routes",
                    $"Service \"{entry.Name}\" has only TCP ports, so its routes never apply; declare the port protocol (HTTP, HTTP2 or GRPC).",
                    ConditionReasons.Invalid, ProblemSeverity.Warning);
            }
        }
    }
}
