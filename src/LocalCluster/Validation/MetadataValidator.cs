using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Validation;

/// <summary>
/// What the API server checks of a custom resource's metadata beyond ObjectMeta decoding: name or generateName present,
/// both DNS-1123 subdomains (ValidateObjectMetaAccessor with NameIsDNSSubdomain), plus the schema's own restrictions
/// on metadata.name / metadata.generateName, the only metadata fields a CRD schema may constrain.
/// Labels, annotations and namespace are the server's business.
/// </summary>
internal static class MetadataValidator
{
    public static void Validate(JsonObject obj, SchemaNode root, string path, bool nameRequired, List<FieldError> errors)
    {
        var metadata = obj["metadata"] as JsonObject;
        var metadataPath = SchemaValidator.Child(path, "metadata");
        var name = Text(metadata, "name");
        var generateName = Text(metadata, "generateName");
        if (!string.IsNullOrEmpty(generateName))
        {
            foreach (var message in KubeNames.SubdomainPrefix(generateName))
            {
                errors.Add(FieldErrors.Invalid($"{metadataPath}.generateName", generateName, message));
            }
        }

        if (string.IsNullOrEmpty(name))
        {
            if (nameRequired && string.IsNullOrEmpty(generateName))
            {
                errors.Add(FieldErrors.Required($"{metadataPath}.name", "name or generateName is required"));
            }
        }
        else
        {
            foreach (var message in KubeNames.Subdomain(name))
            {
                errors.Add(FieldErrors.Invalid($"{metadataPath}.name", name, message));
            }
        }

        if (metadata is null || !root.Properties.TryGetValue("metadata", out var metadataSchema))
        {
            return;
        }

        foreach (var field in new[] { "name", "generateName" })
        {
            if (metadataSchema.Properties.TryGetValue(field, out var fieldSchema) && metadata[field] is { } value)
            {
                SchemaValidator.Validate(value, fieldSchema, $"{metadataPath}.{field}", errors);
            }
        }
    }

    private static string? Text(JsonObject? o, string name) => o?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
