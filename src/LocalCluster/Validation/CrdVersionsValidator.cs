using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Validation;

/// <summary>spec.versions of a CRD, including each version's schema (structural rules and CEL compilation).</summary>
internal static class CrdVersionsValidator
{
    private static readonly string[] ColumnTypes = ["boolean", "date", "integer", "number", "string"];

    public static void Validate(JsonArray? versions, List<FieldError> errors)
    {
        if (versions is null || versions.Count == 0)
        {
            errors.Add(FieldErrors.Invalid("spec.versions", "[]", "must have exactly one version marked as storage version"));
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var storage = 0;
        var served = 0;
        for (var i = 0; i < versions.Count; i++)
        {
            var path = $"spec.versions[{i}]";
            if (versions[i] is not JsonObject version)
            {
                errors.Add(FieldErrors.Required(path));
                continue;
            }

            var name = CrdDefinitionValidator.Text(version, "name") ?? "";
            if (name.Length == 0)
            {
                errors.Add(FieldErrors.Required($"{path}.name"));
            }
            else
            {
                errors.AddRange(KubeNames.Dns1035Label(name).Select(m => FieldErrors.Invalid($"{path}.name", name, m)));
                if (!seen.Add(name))
                {
                    errors.Add(FieldErrors.Duplicate($"{path}.name", name));
                }
            }

            storage += version["storage"] is JsonValue s && s.TryGetValue<bool>(out var isStorage) && isStorage ? 1 : 0;
            served += version["served"] is JsonValue v && v.TryGetValue<bool>(out var isServed) && isServed ? 1 : 0;
            if (version["schema"]?["openAPIV3Schema"] is JsonObject schema)
            {
                errors.AddRange(StructuralSchema.Parse(schema, $"{path}.schema.openAPIV3Schema").DefinitionErrors);
            }
            else
            {
                errors.Add(FieldErrors.Required($"{path}.schema.openAPIV3Schema", "schemas are required"));
            }

            ValidateColumns(version["additionalPrinterColumns"] as JsonArray, $"{path}.additionalPrinterColumns", errors);
        }

        if (storage != 1)
        {
            errors.Add(FieldErrors.Invalid("spec.versions", GoFormat.Node(versions.Select(v => v?["name"]?.DeepClone()).Aggregate(new JsonArray(), (a, n) => { a.Add(n); return a; })), "must have exactly one version marked as storage version"));
        }

        if (served == 0)
        {
            errors.Add(FieldErrors.Invalid("spec.versions", "", "must have at least one version marked as served"));
        }
    }

    private static void ValidateColumns(JsonArray? columns, string path, List<FieldError> errors)
    {
        for (var i = 0; columns is not null && i < columns.Count; i++)
        {
            var column = columns[i] as JsonObject;
            if (string.IsNullOrEmpty(CrdDefinitionValidator.Text(column, "name")))
            {
                errors.Add(FieldErrors.Required($"{path}[{i}].name"));
            }

            var type = CrdDefinitionValidator.Text(column, "type");
            if (string.IsNullOrEmpty(type))
            {
                errors.Add(FieldErrors.Required($"{path}[{i}].type"));
            }
            else if (!ColumnTypes.Contains(type))
            {
                errors.Add(FieldErrors.NotSupported($"{path}[{i}].type", type, ColumnTypes));
            }

            if (string.IsNullOrEmpty(CrdDefinitionValidator.Text(column, "jsonPath")))
            {
                errors.Add(FieldErrors.Required($"{path}[{i}].jsonPath"));
            }
        }
    }
}
