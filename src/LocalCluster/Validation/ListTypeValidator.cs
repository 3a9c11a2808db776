using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Validation;

/// <summary>
/// x-kubernetes-list-type invariants (apiextensions-apiserver pkg/apiserver/schema/listtype/validation.go): a set holds
/// no value twice and a map holds no key tuple twice; each repeat is a Duplicate value at its index.
/// </summary>
internal static class ListTypeValidator
{
    public static void Validate(JsonArray array, SchemaNode schema, string path, List<FieldError> errors)
    {
        switch (schema.ListType)
        {
            case "set":
                for (var i = 0; i < array.Count; i++)
                {
                    for (var j = 0; j < i; j++)
                    {
                        if (JsonKinds.Same(array[i], array[j]))
                        {
                            errors.Add(FieldErrors.Duplicate($"{path}[{i}]", JsonKinds.Plain(array[i])));
                            break;
                        }
                    }
                }

                break;
            case "map" when schema.ListMapKeys.Count > 0:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is not JsonObject element)
                    {
                        continue;
                    }

                    var key = new JsonObject();
                    foreach (var name in schema.ListMapKeys)
                    {
                        if (element[name] is { } value)
                        {
                            key[name] = value.DeepClone();
                        }
                    }

                    if (!seen.Add(key.ToJsonString()))
                    {
                        errors.Add(FieldErrors.Duplicate($"{path}[{i}]", key));
                    }
                }

                break;
        }
    }
}
