using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Validation;

/// <summary>
/// Validates a CustomResourceDefinition (apiextensions.k8s.io/v1) as the API server does on create/update
/// (apiextensions-apiserver pkg/apis/apiextensions/validation/validation.go, the parts a local stand-in needs):
/// metadata.name = plural.group, group, names, scope, versions (exactly one storage version, unique DNS-1035 names,
/// a schema each), printer columns, and each schema's structural rules with every CEL rule compiled.
/// Not checked: CEL cost estimates, conversion webhooks, defaults validated against their schema.
/// </summary>
public static class CrdDefinitionValidator
{
    public static IReadOnlyList<FieldError> Validate(JsonObject crd)
    {
        ArgumentNullException.ThrowIfNull(crd);
        var errors = new List<FieldError>();
        var spec = crd["spec"] as JsonObject;
        if (spec is null)
        {
            errors.Add(FieldErrors.Required("spec"));
            return errors;
        }

        var group = Text(spec, "group") ?? "";
        var plural = Text(spec["names"] as JsonObject, "plural") ?? "";
        var name = Text(crd["metadata"] as JsonObject, "name") ?? "";
        if (name != $"{plural}.{group}")
        {
            errors.Add(FieldErrors.Invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"));
        }

        ValidateGroup(group, errors);
        CrdNamesValidator.Validate(spec["names"] as JsonObject, errors);
        var scope = Text(spec, "scope");
        if (string.IsNullOrEmpty(scope))
        {
            errors.Add(FieldErrors.Required("spec.scope"));
        }
        else if (scope is not ("Cluster" or "Namespaced"))
        {
            errors.Add(FieldErrors.NotSupported("spec.scope", scope, ["Cluster", "Namespaced"]));
        }

        CrdVersionsValidator.Validate(spec["versions"] as JsonArray, errors);
        return errors;
    }

    private static void ValidateGroup(string group, List<FieldError> errors)
    {
        if (group.Length == 0)
        {
            errors.Add(FieldErrors.Required("spec.group"));
            return;
        }

        foreach (var message in KubeNames.Subdomain(group))
        {
            errors.Add(FieldErrors.Invalid("spec.group", group, message));
        }

        if (!group.Contains('.', StringComparison.Ordinal))
        {
            errors.Add(FieldErrors.Invalid("spec.group", group, "should be a domain with at least one dot"));
        }
    }

    internal static string? Text(JsonObject? o, string name) => o?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
