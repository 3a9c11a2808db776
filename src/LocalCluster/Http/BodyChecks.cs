using System.Text.Json.Nodes;
using Mesh.LocalCluster.Errors;
using Mesh.LocalCluster.Resources;

namespace Mesh.LocalCluster.Http;

/// <summary>Checks that a body fits the endpoint it was sent to (apiVersion, kind, namespace), as the decoder does.</summary>
internal static class BodyChecks
{
    public static void Check(ResourceDefinition def, string urlNamespace, JsonObject obj)
    {
        // The decoder defaults a missing kind/apiVersion from the endpoint (typed clients such as KubernetesClient omit them).
        var kind = (string?)obj["kind"] ?? "";
        var apiVersion = (string?)obj["apiVersion"] ?? "";
        if (kind.Length == 0)
        {
            obj["kind"] = kind = def.Kind;
        }

        if (apiVersion.Length == 0)
        {
            obj["apiVersion"] = apiVersion = def.ApiVersion;
        }

        if (kind != def.Kind)
        {
            throw ApiErrors.BadRequest($"{kind} in version \"{VersionOf(apiVersion)}\" cannot be handled as a {def.Kind}: no kind \"{kind}\" is registered for version \"{apiVersion}\"");
        }

        if (apiVersion != def.ApiVersion)
        {
            // Decoding into the endpoint's group version (apimachinery runtime/serializer/versioning).
            throw ApiErrors.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({def.ApiVersion})");
        }

        if (obj["metadata"] is not null and not JsonObject)
        {
            throw ApiErrors.BadRequest("metadata must be an object");
        }

        var ns = (string?)obj["metadata"]?["namespace"] ?? "";
        if (def.Namespaced && ns.Length > 0 && urlNamespace.Length > 0 && ns != urlNamespace)
        {
            throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    private static string VersionOf(string apiVersion) => apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion.Split('/')[1] : apiVersion;
}
