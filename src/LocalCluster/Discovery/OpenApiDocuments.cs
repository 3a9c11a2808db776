using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.LocalCluster.Resources;

namespace Mesh.LocalCluster.Discovery;

/// <summary>
/// A minimal /openapi/v3: per group version, one PATCH operation per kind carrying x-kubernetes-group-version-kind and
/// the fieldValidation parameter. That is what kubectl's QueryParamVerifierV3 looks for before sending
/// fieldValidation=Strict and leaving validation to the server. Strategic merge patch is deliberately not listed in
/// requestBody, so kubectl computes strategic patches from its compiled-in types (see kubernetes-wire.md).
/// </summary>
internal static class OpenApiDocuments
{
    public static JsonObject Root(RegistrySnapshot registry)
    {
        var paths = new JsonObject();
        foreach (var group in registry.Groups)
        {
            foreach (var version in group.Versions)
            {
                var key = GroupVersionPath(group.Name, version.Version);
                var hash = Hash(GroupVersion(version.Resources));
                paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={hash}" };
            }
        }

        return new JsonObject { ["paths"] = paths };
    }

    public static string GroupVersionPath(string group, string version) =>
        group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";

    public static JsonObject GroupVersion(IReadOnlyList<ResourceDefinition> resources)
    {
        var paths = new JsonObject();
        foreach (var def in resources)
        {
            var prefix = "/" + GroupVersionPath(def.Group, def.Version);
            var path = def.Namespaced
                ? $"{prefix}/namespaces/{{namespace}}/{def.Plural}/{{name}}"
                : $"{prefix}/{def.Plural}/{{name}}";
            paths[path] = new JsonObject { ["patch"] = PatchOperation(def) };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.4" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }

    private static JsonObject PatchOperation(ResourceDefinition def)
    {
        var body = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } };
        return new JsonObject
        {
            ["operationId"] = $"patch{def.Kind}",
            ["parameters"] = new JsonArray(
                Parameter("dryRun"), Parameter("fieldManager"), Parameter("fieldValidation"), Parameter("force")),
            ["requestBody"] = new JsonObject
            {
                ["content"] = new JsonObject
                {
                    ["application/json-patch+json"] = body.DeepClone(),
                    ["application/merge-patch+json"] = body.DeepClone(),
                    ["application/apply-patch+yaml"] = body.DeepClone(),
                },
                ["required"] = true,
            },
            ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
            ["x-kubernetes-action"] = "patch",
            ["x-kubernetes-group-version-kind"] = new JsonObject
            {
                ["group"] = def.Group,
                ["version"] = def.Version,
                ["kind"] = def.Kind,
            },
        };
    }

    private static JsonObject Parameter(string name) => new()
    {
        ["name"] = name,
        ["in"] = "query",
        ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
    };

    private static string Hash(JsonObject doc) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(doc)))[..32];
}
