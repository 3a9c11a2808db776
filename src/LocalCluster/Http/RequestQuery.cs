using Microsoft.AspNetCore.Http;
using Mesh.LocalCluster.Semantics;

namespace Mesh.LocalCluster.Http;

/// <summary>Typed access to the query parameters the API honours.</summary>
internal static class RequestQuery
{
    public static string? Get(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var values) ? values.ToString() : null;

    public static bool Flag(HttpRequest request, string name) => Get(request, name) is "true" or "1";

    public static WriteOptions WriteOptions(HttpRequest request) => new()
    {
        DryRun = Get(request, "dryRun") == "All",
        StrictFields = string.Equals(Get(request, "fieldValidation"), "Strict", StringComparison.OrdinalIgnoreCase),
        FieldManager = Get(request, "fieldManager") ?? "",
    };

    /// <summary>Whether the client asked for a meta.k8s.io Table (kubectl get without -o).</summary>
    public static bool WantsTable(HttpRequest request) =>
        AcceptHeader.Offers(request.Headers.Accept.ToString(), ("as", "Table"));

    /// <summary>Accept asks for metadata only (as=PartialObjectMetadata or PartialObjectMetadataList, meta.k8s.io/v1).</summary>
    public static bool WantsMetadataOnly(HttpRequest request) =>
        AcceptHeader.Offers(request.Headers.Accept.ToString(), ("as", "PartialObjectMetadata"), ("g", "meta.k8s.io"))
        || AcceptHeader.Offers(request.Headers.Accept.ToString(), ("as", "PartialObjectMetadataList"), ("g", "meta.k8s.io"));
}
