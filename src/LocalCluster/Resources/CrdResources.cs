using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Resources;

/// <summary>Turns a stored CustomResourceDefinition into the resources it serves (one per served version).</summary>
internal static class CrdResources
{
    public static IEnumerable<ResourceDefinition> FromCrd(JsonObject crd)
    {
        // A terminating CRD still serves its resources (CrdCleanup): their finalizers must stay removable.
        if (crd["spec"] is not JsonObject spec)
        {
            yield break;
        }

        var group = (string?)spec["group"] ?? "";
        var names = spec["names"] as JsonObject;
        var plural = (string?)names?["plural"] ?? "";
        var kind = (string?)names?["kind"] ?? "";
        if (group.Length == 0 || plural.Length == 0 || kind.Length == 0 || spec["versions"] is not JsonArray versions)
        {
            yield break;
        }

        var singular = (string?)names?["singular"] is { Length: > 0 } s ? s : kind.ToLowerInvariant();
        var namespaced = !string.Equals((string?)spec["scope"], "Cluster", StringComparison.Ordinal);
        foreach (var version in versions.OfType<JsonObject>())
        {
            if (version["served"]?.GetValue<bool>() != true || (string?)version["name"] is not { Length: > 0 } name)
            {
                continue;
            }

            yield return new ResourceDefinition
            {
                Group = group,
                Version = name,
                Plural = plural,
                Singular = singular,
                Kind = kind,
                Namespaced = namespaced,
                ShortNames = Strings(names?["shortNames"]),
                Categories = Strings(names?["categories"]),
                HasStatus = version["subresources"]?["status"] is not null,
                IsCustom = true,
                StorageKey = new ResourceTypeKey(group, plural),
                Schema = version["schema"]?["openAPIV3Schema"] as JsonObject,
                PrinterColumns = Columns(version["additionalPrinterColumns"] as JsonArray),
            };
        }
    }

    /// <summary>Storage identity of the resources a CRD object serves, even when it is being deleted.</summary>
    public static ResourceTypeKey? KeyOf(JsonObject crd) =>
        crd["spec"]?["group"] is JsonValue g && crd["spec"]?["names"]?["plural"] is JsonValue p
            ? new ResourceTypeKey(g.ToString(), p.ToString())
            : null;

    private static PrinterColumn[] Columns(JsonArray? columns) =>
        columns is null
            ? []
            : columns.OfType<JsonObject>().Select(c => new PrinterColumn(
                (string?)c["name"] ?? "", (string?)c["type"] ?? "string", (string?)c["format"] ?? "",
                (string?)c["description"] ?? "", c["priority"]?.GetValue<int>() ?? 0, (string?)c["jsonPath"] ?? "")).ToArray();

    private static string[] Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => n?.ToString() ?? "").Where(s => s.Length > 0).ToArray() : [];
}
