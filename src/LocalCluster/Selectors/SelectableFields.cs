using Mesh.LocalCluster.Resources;

namespace Mesh.LocalCluster.Selectors;

/// <summary>
/// Field selector labels each resource supports (kubernetes pkg/registry/*/strategy.go ...ToSelectableFields);
/// events.k8s.io/v1 names are mapped to the core storage shape first.
/// </summary>
internal static class SelectableFields
{
    private static readonly HashSet<string> Common = ["metadata.name", "metadata.namespace"];

    private static readonly Dictionary<string, HashSet<string>> ByResource = new(StringComparer.Ordinal)
    {
        ["events"] =
        [
            "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
            "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
            "reportingComponent", "source", "type",
        ],
        ["pods"] =
        [
            "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
            "status.phase", "status.podIP", "status.nominatedNodeName",
        ],
        ["secrets"] = ["type"],
        ["namespaces"] = ["status.phase"],
    };

    /// <summary>The stored field a selector path reads, or null when the resource does not support it.</summary>
    public static string? StoragePath(ResourceDefinition def, string path)
    {
        if (Common.Contains(path))
        {
            return path;
        }

        if (def.IsCustom)
        {
            return null;
        }

        if (def.Group == "events.k8s.io")
        {
            var stored = ToStorage(path);
            return ByResource["events"].Contains(stored) ? stored : null;
        }

        return def.Group.Length == 0 && ByResource.TryGetValue(def.Plural, out var set) && set.Contains(path) ? path : null;
    }

    /// <summary>Rewrites an events.k8s.io/v1 selector path to the stored core/v1 field.</summary>
    public static string ToStorage(string path) =>
        path.StartsWith("regarding.", StringComparison.Ordinal) ? "involvedObject." + path["regarding.".Length..]
        : path == "reportingController" ? "reportingComponent" : path;
}
