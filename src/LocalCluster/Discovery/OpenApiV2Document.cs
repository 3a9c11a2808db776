using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.LocalCluster.Resources;

namespace Mesh.LocalCluster.Discovery;

/// <summary>
/// /openapi/v2 as JSON: a swagger 2.0 document with every served kind's schema under definitions (tagged with
/// x-kubernetes-group-version-kind, CRD schemas included) and a patch operation per kind, derived from the v3 group
/// version documents the way kube-apiserver derives its v2 CRD schemas (v3-only keywords dropped, refs moved to
/// #/definitions/). Only JSON is offered: kubectl asks for this document in protobuf alone (client-side apply, to
/// compute strategic merge patches), and answering it would need full schemas with patch merge keys for every
/// built-in type; refused with 406, kubectl falls back to its compiled-in types as it does for any failed download.
/// </summary>
internal static class OpenApiV2Document
{
    public const string JsonMediaType = "application/json";

    private static readonly ConditionalWeakTable<RegistrySnapshot, Lazy<byte[]>> Cache = new();

    /// <summary>Keywords of OpenAPI v3 schemas that swagger 2.0 does not have (kube-apiserver drops them for v2).</summary>
    private static readonly string[] V3Only = ["nullable", "oneOf", "anyOf", "not"];

    public static byte[] Bytes(RegistrySnapshot registry, object gate) =>
        Cache.GetValue(registry, r => new Lazy<byte[]>(() => JsonSerializer.SerializeToUtf8Bytes(Build(r, gate)))).Value;

    public static JsonObject Build(RegistrySnapshot registry, object gate)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var paths = new JsonObject();
        var definitions = new JsonObject();
        foreach (var version in registry.Groups.SelectMany(g => g.Versions))
        {
            var v3 = OpenApiDocuments.GroupVersion(version.Resources, gate);
            foreach (var (name, schema) in v3["components"]!["schemas"]!.AsObject())
            {
                definitions[name] ??= ToV2Schema(schema!);
            }

            foreach (var (path, item) in v3["paths"]!.AsObject())
            {
                paths[path] = new JsonObject { ["patch"] = ToV2Operation(item!["patch"]!.AsObject()) };
            }
        }

        return new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.4" },
            ["paths"] = paths,
            ["definitions"] = definitions,
        };
    }

    /// <summary>A v3 schema as swagger 2.0 has it: v3-only keywords dropped, component refs pointing at definitions.</summary>
    public static JsonNode ToV2Schema(JsonNode schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        switch (schema)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (V3Only.Contains(key, StringComparer.Ordinal))
                    {
                        continue;
                    }

                    copy[key] = key == "$ref" && value is JsonValue reference
                        ? ((string)reference!).Replace("#/components/schemas/", "#/definitions/", StringComparison.Ordinal)
                        : value is null ? null : ToV2Schema(value);
                }

                return copy;
            case JsonArray array:
                return new JsonArray(array.Select(item => item is null ? null : ToV2Schema(item)).ToArray());
            default:
                return schema.DeepClone();
        }
    }

    private static JsonObject ToV2Operation(JsonObject v3)
    {
        var parameters = new JsonArray();
        foreach (var parameter in v3["parameters"]!.AsArray().OfType<JsonObject>())
        {
            parameters.Add(new JsonObject
            {
                ["name"] = parameter["name"]!.DeepClone(),
                ["in"] = parameter["in"]!.DeepClone(),
                ["type"] = "string",
                ["uniqueItems"] = true,
            });
        }

        parameters.Add(new JsonObject
        {
            ["name"] = "body",
            ["in"] = "body",
            ["required"] = true,
            ["schema"] = new JsonObject { ["type"] = "object" },
        });
        return new JsonObject
        {
            ["operationId"] = v3["operationId"]!.DeepClone(),
            ["consumes"] = new JsonArray(v3["requestBody"]!["content"]!.AsObject().Select(c => (JsonNode)JsonValue.Create(c.Key)!).ToArray()),
            ["produces"] = new JsonArray(JsonMediaType),
            ["parameters"] = parameters,
            ["responses"] = v3["responses"]!.DeepClone(),
            ["x-kubernetes-action"] = v3["x-kubernetes-action"]!.DeepClone(),
            ["x-kubernetes-group-version-kind"] = v3["x-kubernetes-group-version-kind"]!.DeepClone(),
        };
    }
}
