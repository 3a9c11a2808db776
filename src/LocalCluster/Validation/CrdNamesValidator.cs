using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Validation;

/// <summary>spec.names of a CRD: plural, singular, kind (listKind is defaulted by the server), shortNames.</summary>
internal static class CrdNamesValidator
{
    public static void Validate(JsonObject? names, List<FieldError> errors)
    {
        var plural = CrdDefinitionValidator.Text(names, "plural");
        if (string.IsNullOrEmpty(plural))
        {
            errors.Add(FieldErrors.Required("spec.names.plural"));
        }
        else
        {
            errors.AddRange(KubeNames.Label(plural).Select(m => FieldErrors.Invalid("spec.names.plural", plural, m)));
        }

        var singular = CrdDefinitionValidator.Text(names, "singular");
        if (!string.IsNullOrEmpty(singular))
        {
            errors.AddRange(KubeNames.Label(singular).Select(m => FieldErrors.Invalid("spec.names.singular", singular, m)));
        }

        var kind = CrdDefinitionValidator.Text(names, "kind");
        if (string.IsNullOrEmpty(kind))
        {
            errors.Add(FieldErrors.Required("spec.names.kind"));
        }

        var listKind = CrdDefinitionValidator.Text(names, "listKind");
        if (!string.IsNullOrEmpty(kind) && kind == listKind)
        {
            errors.Add(FieldErrors.Invalid("spec.names.listKind", listKind, "kind and listKind may not be the same"));
        }

        if (names?["shortNames"] is JsonArray shortNames)
        {
            for (var i = 0; i < shortNames.Count; i++)
            {
                var shortName = shortNames[i]?.GetValue<string>() ?? "";
                errors.AddRange(KubeNames.Label(shortName).Select(m => FieldErrors.Invalid($"spec.names.shortNames[{i}]", shortName, m)));
            }
        }
    }
}
