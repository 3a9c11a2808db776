using System.Text.Json.Nodes;
using Mesh.LocalCluster.Errors;

namespace Mesh.LocalCluster.Semantics;

/// <summary>The CRD rules the store itself relies on (names, one storage version), checked before any schema rules.</summary>
internal static class BasicCrdChecks
{
    public static List<FieldCause> Check(JsonObject crd)
    {
        var causes = new List<FieldCause>();
        var spec = crd["spec"] as JsonObject;
        var group = (string?)spec?["group"] ?? "";
        var plural = (string?)spec?["names"]?["plural"] ?? "";
        if (group.Length == 0)
        {
            causes.Add(FieldCause.Required("spec.group"));
        }

        if (plural.Length == 0)
        {
            causes.Add(FieldCause.Required("spec.names.plural"));
        }

        if (((string?)spec?["names"]?["kind"] ?? "").Length == 0)
        {
            causes.Add(FieldCause.Required("spec.names.kind"));
        }

        var scope = (string?)spec?["scope"];
        if (scope is not ("Namespaced" or "Cluster"))
        {
            causes.Add(new FieldCause("spec.scope", "FieldValueNotSupported",
                $"Unsupported value: \"{scope}\": supported values: \"Cluster\", \"Namespaced\""));
        }

        var name = (string?)crd["metadata"]?["name"] ?? "";
        if (group.Length > 0 && plural.Length > 0 && name != $"{plural}.{group}")
        {
            causes.Add(FieldCause.Invalid("metadata.name", name, $"must be spec.names.plural+\".\"+spec.group"));
        }

        var versions = spec?["versions"] as JsonArray;
        if (versions is null || versions.Count == 0)
        {
            causes.Add(FieldCause.Required("spec.versions", "must have exactly one version marked as storage version"));
        }
        else if (versions.Count(v => v?["storage"]?.GetValue<bool>() == true) != 1)
        {
            causes.Add(FieldCause.Invalid("spec.versions", "", "must have exactly one version marked as storage version"));
        }

        return causes;
    }
}
