using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Validation;

/// <summary>
/// Drops fields the schema does not specify (apiextensions-apiserver pkg/apiserver/schema/pruning/algorithm.go), keeping
/// apiVersion, kind and metadata at the root and in embedded resources, and everything under
/// x-kubernetes-preserve-unknown-fields. Also drops nulls of non-nullable fields that have no default
/// (pkg/apiserver/schema/defaulting/prunenulls.go). Pruned paths are reported for fieldValidation=Strict/Warn.
/// </summary>
internal static class Pruner
{
    public static void Prune(JsonNode? node, SchemaNode schema, string path, List<string>? unknown, bool isResource)
    {
        switch (node)
        {
            case JsonObject obj:
                PruneObject(obj, schema, path, unknown, isResource);
                break;
            case JsonArray array when schema.Items is not null:
                for (var i = 0; i < array.Count; i++)
                {
                    Prune(array[i], schema.Items, $"{path}[{i}]", unknown, schema.Items.EmbeddedResource);
                }

                break;
        }
    }

    private static void PruneObject(JsonObject obj, SchemaNode schema, string path, List<string>? unknown, bool isResource)
    {
        List<string>? remove = null;
        foreach (var (key, value) in obj)
        {
            var childPath = path.Length == 0 ? key : $"{path}.{key}";
            if (isResource && key is "apiVersion" or "kind")
            {
                continue;
            }

            if (isResource && key == "metadata")
            {
                if (value is JsonObject metadata)
                {
                    PruneMetadata(metadata, childPath, unknown);
                }

                continue;
            }

            SchemaNode? child = null;
            if (schema.Properties.TryGetValue(key, out var property))
            {
                child = property;
            }
            else if (schema.AdditionalProperties is not null)
            {
                child = schema.AdditionalProperties;
            }
            else if (!schema.AdditionalPropertiesAllowed && !schema.PreserveUnknownFields)
            {
                (remove ??= []).Add(key);
                unknown?.Add(childPath);
                continue;
            }

            if (child is null)
            {
                continue;
            }

            if (value is null && !child.Nullable && child.Default is null)
            {
                (remove ??= []).Add(key);
                continue;
            }

            Prune(value, child, childPath, unknown, child.EmbeddedResource);
        }

        foreach (var key in remove ?? [])
        {
            obj.Remove(key);
        }
    }

    private static void PruneMetadata(JsonObject metadata, string path, List<string>? unknown)
    {
        var remove = metadata.Select(p => p.Key).Where(k => !ObjectMetaFields.Known.Contains(k)).ToList();
        foreach (var key in remove)
        {
            metadata.Remove(key);
            unknown?.Add($"{path}.{key}");
        }
    }
}
