using Mesh.XdsServer.Model;

namespace Mesh.XdsServer.Translation;

/// <summary>Maps generated resource names to the MeshPolicy fields they came from (for reporting NACKs).</summary>
internal static class SourceFieldMap
{
    public static IReadOnlyDictionary<string, string> Build(TranslationContext context) =>
        context.Shared.SourceFields($"{context.Scope.Kind}|{context.DependencyKey}", () => BuildMap(context));

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
