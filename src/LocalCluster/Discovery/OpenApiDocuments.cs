using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.LocalCluster.OpenApi;
using Mesh.LocalCluster.Resources;

namespace Mesh.LocalCluster.Discovery;

/// <summary>
/// /openapi/v3: per group version, one PATCH operation per kind carrying x-kubernetes-group-version-kind and the
/// fieldValidation parameter (what kubectl's QueryParamVerifierV3 looks for before sending fieldValidation=Strict and
/// leaving validation to the server), and components.schemas with each kind's schema tagged with its
/// group-version-kind (what kubectl explain looks up): CRD schemas as published by kube-apiserver, built-ins from the
/// client models. Strategic merge patch is deliberately not listed in requestBody, so kubectl computes strategic
/// patches from its compiled-in types (see kubernetes-wire.md).
/// Documents are built once per registry snapshot (CRDs change it) and served as bytes.
/// </summary>
internal static class OpenApiDocuments
{
    private static readonly ConditionalWeakTable<RegistrySnapshot, ConcurrentDictionary<string, Lazy<byte[]>>> Cache = new();

    /// <summary>The serialized group-version document; CRD schemas are copied under <paramref name="gate"/>.</summary>
    public static byte[] GroupVersionBytes(RegistrySnapshot registry, string group, ServedVersion version, object gate) =>
        Cache.GetValue(registry, _ => new ConcurrentDictionary<string, Lazy<byte[]>>(StringComparer.Ordinal))
            .GetOrAdd(GroupVersionPath(group, version.Version), _ => new Lazy<byte[]>(() =>
                JsonSerializer.SerializeToUtf8Bytes(GroupVersion(version.Resources, gate))))
            .Value;

    public static JsonObject Root(RegistrySnapshot registry, object gate)
    {
        var paths = new JsonObject();
        foreach (var group in registry.Groups)
        {
            foreach (var version in group.Versions)
            {
                var key = GroupVersionPath(group.Name, version.Version);
                var hash = Hash(GroupVersionBytes(registry, group.Name, version, gate));
                paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={hash}" };
            }
        }

        return new JsonObject { ["paths"] = paths };
    }

    public static string GroupVersionPath(string group, string version) =>
        group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";

    public static JsonObject GroupVersion(IReadOnlyList<ResourceDefinition> resources, object gate)
    {
        var paths = new JsonObject();
        var schemas = new JsonObject();
        foreach (var def in resources)
        {
            if (def.IsCustom)
            {
                JsonObject? schema;
                lock (gate)
                {
                    schema = def.Schema?.DeepClone().AsObject();
                }

                CrdSchemas.Add(def, schema ?? new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true }, schemas);
            }
            else
            {
                ModelSchemas.AddKind(def.Group, def.Version, def.Kind, schemas);
            }

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
            ["components"] = new JsonObject { ["schemas"] = schemas },
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

    private static string Hash(byte[] doc) => Convert.ToHexString(SHA256.HashData(doc))[..32];
}
