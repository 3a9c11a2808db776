using Mesh.XdsServer.Model;

namespace Mesh.XdsServer.Translation;

/// <summary>Maps generated resource names to the MeshPolicy fields they came from (for reporting NACKs).</summary>
internal static class SourceFieldMap
{
    public static IReadOnlyDictionary<string, string> Build(TranslationContext context) =>
        context.Shared.SourceFields(new SourceFieldsKey(false, context.Scope.Kind, context.DependencyKey), () => BuildMap(context));

    /// <summary>Resource name -> <c>namespace/policy</c> for the resources of exactly one governed service.</summary>
    public static IReadOnlyDictionary<string, string> BuildPolicies(TranslationContext context) =>
        context.Shared.SourceFields(new SourceFieldsKey(true, context.Scope.Kind, context.DependencyKey), () => BuildPolicyMap(context));

    private static IReadOnlyDictionary<string, string> BuildPolicyMap(TranslationContext context)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in context.Visible.Where(s => s.Policy is not null))
        {
            var policy = service.Policy!.Contains('/', StringComparison.Ordinal) ? service.Policy : $"{service.Namespace}/{service.Policy}";
            foreach (var port in service.Ports.Where(p => p.IsHttp || context.IsSidecar))
            {
                // EDS resources are named after their clusters.
                map[XdsNames.OutboundCluster(port.Port, null, service.Host)] = policy;
                foreach (var subset in service.Subsets)
                {
                    map[XdsNames.OutboundCluster(port.Port, subset.Name, service.Host)] = policy;
                }
                if (port.IsHttp && !context.IsSidecar)
                {
                    map[XdsNames.ApiListener(service, port.Port)] = policy;
                }
            }
        }
        return map;
    }

    private static IReadOnlyDictionary<string, string> BuildMap(TranslationContext context)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in context.Visible)
        {
            foreach (var port in service.Ports.Where(p => p.IsHttp || context.IsSidecar))
            {
                Add(map, XdsNames.OutboundCluster(port.Port, null, service.Host), service.SourceField);
                foreach (var subset in service.Subsets)
                {
                    Add(map, XdsNames.OutboundCluster(port.Port, subset.Name, service.Host), subset.SourceField ?? service.SourceField);
                }
                if (!port.IsHttp)
                {
                    continue;
                }
                var host = XdsNames.VirtualHost(service, port.Port);
                if (!context.IsSidecar)
                {
                    // The API listener and its route configuration share the name.
                    Add(map, XdsNames.ApiListener(service, port.Port), service.SourceField);
                }
                foreach (var route in service.Routes)
                {
                    Add(map, $"{host}/{route.Name}", route.SourceField ?? service.SourceField);
                }
            }
        }
        return map;
    }

    private static void Add(Dictionary<string, string> map, string key, string? field)
    {
        if (field is not null)
        {
            map[key] = field;
        }
    }
}
