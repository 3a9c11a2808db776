using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Validation;

/// <summary>
/// Applies schema defaults to absent fields and to nulls of non-nullable fields, then descends, defaults included
/// (apiextensions-apiserver pkg/apiserver/schema/defaulting/algorithm.go). Root metadata is never defaulted.
/// </summary>
internal static class Defaulter
{
    public static void Apply(JsonNode? node, SchemaNode schema, bool isRoot)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, property) in schema.Properties)
                {
                    if (property.Default is null || (isRoot && name == "metadata"))
                    {
                        continue;
                    }

                    if (!obj.TryGetPropertyValue(name, out var existing) || (existing is null && !property.Nullable))
                    {
                        obj[name] = property.Default.DeepClone();
                    }
                }

                foreach (var (name, value) in obj)
                {
                    if (isRoot && name == "metadata")
                    {
                        continue;
                    }

                    if (schema.Properties.TryGetValue(name, out var property))
                    {
                        Apply(value, property, isRoot: false);
                    }
                    else if (schema.AdditionalProperties is not null)
                    {
                        Apply(value, schema.AdditionalProperties, isRoot: false);
                    }
                }

                break;
            case JsonArray array when schema.Items is not null:
                foreach (var item in array)
                {
                    Apply(item, schema.Items, isRoot: false);
                }

                break;
        }
    }
}
