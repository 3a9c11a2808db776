using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Validation;

/// <summary>
/// x-kubernetes-embedded-resource objects must name apiVersion and kind, and a metadata.name given must be valid
/// (apiextensions-apiserver pkg/apiserver/schema/objectmeta/validation.go, minimal).
/// </summary>
internal static class EmbeddedResourceValidator
{
    public static void Validate(JsonNode? node, SchemaNode schema, string path, List<FieldError> errors)
    {
        switch (node)
        {
            case JsonObject obj:
                if (schema.EmbeddedResource && path.Length > 0)
                {
                    foreach (var field in new[] { "apiVersion", "kind" })
                    {
                        if (obj[field] is not JsonValue v || !v.TryGetValue<string>(out var text) || text.Length == 0)
                        {
                            errors.Add(FieldErrors.Required($"{path}.{field}", "must not be empty"));
                        }
                    }

                    MetadataValidator.Validate(obj, schema, path, nameRequired: false, errors);
                }

                foreach (var (key, value) in obj)
                {
                    if (schema.Properties.TryGetValue(key, out var property))
                    {
                        Validate(value, property, SchemaValidator.Child(path, key), errors);
                    }
                    else if (schema.AdditionalProperties is { } additional)
                    {
                        Validate(value, additional, SchemaValidator.Child(path, key), errors);
                    }
                }

                break;
            case JsonArray array when schema.Items is not null:
                for (var i = 0; i < array.Count; i++)
                {
                    Validate(array[i], schema.Items, $"{path}[{i}]", errors);
                }

                break;
        }
    }
}
