using Mesh.LocalCluster.Resources;

namespace Mesh.LocalCluster.Http;

/// <summary>A request for a resource: which one, where, and which object and subresource (kubernetes RequestInfo).</summary>
internal sealed record ResourceRequest(ResourceDefinition Def, string Namespace, string? Name, string? Subresource)
{
    /// <summary>True for a namespaced resource listed or watched across all namespaces.</summary>
    public bool AllNamespaces => Def.Namespaced && Namespace.Length == 0;

    /// <summary>
    /// Parses the segments after /api/v1 or /apis/{group}/{version}; null when no served resource matches.
    /// "namespaces/{ns}/status|finalize" address the Namespace itself, as in apiserver's RequestInfoFactory.
    /// </summary>
    public static ResourceRequest? Parse(RegistrySnapshot registry, string group, string version, ReadOnlySpan<string> parts)
    {
        var ns = "";
        if (parts.Length >= 3 && parts[0] == "namespaces" && parts[2] is not ("status" or "finalize"))
        {
            ns = parts[1];
            parts = parts[2..];
        }

        if (parts.Length is 0 or > 3 || registry.Find(group, version, parts[0]) is not { } def)
        {
            return null;
        }

        if (!def.Namespaced && ns.Length > 0)
        {
            return null;
        }

        var name = parts.Length > 1 ? parts[1] : null;
        var subresource = parts.Length > 2 ? parts[2] : null;
        if (subresource is not null && !(subresource == "status" && def.HasStatus) && def.Subresources.All(s => s.Name != subresource))
        {
            return null;
        }

        return new ResourceRequest(def, ns, name, subresource);
    }
}
