using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Mesh.LocalCluster.Errors;
using Mesh.LocalCluster.PatchSupport;
using Mesh.LocalCluster.Semantics;

namespace Mesh.LocalCluster.Http;

/// <summary>
/// PATCH with merge, JSON, strategic merge (built-ins only, 415 for custom resources as the real server answers)
/// and apply (server-side apply, creating a missing object with 201).
/// </summary>
internal sealed class PatchHandler(ServerContext server)
{
    private const string MergePatch = "application/merge-patch+json";
    private const string JsonPatch = "application/json-patch+json";
    private const string StrategicPatch = "application/strategic-merge-patch+json";
    private const string ApplyPatch = "application/apply-patch+yaml";

    public async Task PatchAsync(HttpContext context, ResourceRequest request)
    {
        var def = request.Def;
        var mediaType = (context.Request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is not (MergePatch or JsonPatch or StrategicPatch or ApplyPatch) || (mediaType == StrategicPatch && def.IsCustom))
        {
            // apiserver handlers/patch.go: unsupported patch types are 415 listing the accepted ones.
            var accepted = def.IsCustom ? new[] { JsonPatch, MergePatch, ApplyPatch } : new[] { JsonPatch, MergePatch, StrategicPatch, ApplyPatch };
            throw ApiErrors.UnsupportedMediaType($"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", accepted)}");
        }

        var patch = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var options = RequestQuery.WriteOptions(context.Request);
        var name = request.Name!;
        int status;
        Storage.StoredObject result;
        lock (server.Store.Gate)
        {
            var existing = server.Store.Get(def.StorageKey, def.Namespaced ? request.Namespace : "", name);
            if (mediaType == ApplyPatch)
            {
                (status, result) = Apply(request, patch, existing, options);
            }
            else
            {
                if (existing is null)
                {
                    throw ApiErrors.NotFound(def, name);
                }

                var patched = Patch(mediaType, ServedObjects.Node(def, existing), patch, def);
                result = server.Lifecycle.Update(def, request.Namespace, name, patched, request.Subresource, options);
                status = 200;
            }
        }

        await Responses.WriteAsync(context, status, ServedObjects.Json(def, result)).ConfigureAwait(false);
    }

    private JsonObject Patch(string mediaType, JsonObject current, JsonNode patch, Resources.ResourceDefinition def)
    {
        try
        {
            return mediaType switch
            {
                JsonPatch => server.Patches.ApplyJsonPatch(current, patch as JsonArray
                    ?? throw ApiErrors.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch")),
                StrategicPatch => server.Patches.ApplyStrategicMergePatch(current, patch as JsonObject
                    ?? throw ApiErrors.BadRequest("a strategic merge patch must be a JSON object"), def.Group, def.Kind),
                _ => server.Patches.ApplyMergePatch(current, patch),
            };
        }
        catch (PatchFailedException e)
        {
            throw new ApiException(422, "Invalid", $"the server rejected our request due to an error in our request: {e.Message}");
        }
    }

    private (int Status, Storage.StoredObject Result) Apply(ResourceRequest request, JsonNode patch, Storage.StoredObject? existing, WriteOptions options)
    {
        var def = request.Def;
        var applied = patch as JsonObject ?? throw ApiErrors.BadRequest("error decoding YAML: the apply configuration is not an object");
        BodyChecks.Check(def, request.Namespace, applied);
        var manager = options.FieldManager;
        if (manager.Length == 0)
        {
            throw ApiErrors.BadRequest("PATCH, application/apply-patch+yaml requests must pass a fieldManager query parameter");
        }

        var bodyName = MetadataRules.Name(applied);
        if (bodyName.Length > 0 && bodyName != request.Name)
        {
            throw ApiErrors.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({request.Name})");
        }

        if (existing is null)
        {
            var created = (JsonObject)applied.DeepClone();
            MetadataRules.Metadata(created)["name"] = request.Name;
            var stored = server.Lifecycle.Create(def, request.Namespace, created, options);
            server.Apply.Remember(stored.Uid, manager, applied);
            return (201, stored);
        }

        var live = ServedObjects.Node(def, existing);
        var merged = server.Apply.Apply(live, applied, existing.Uid, manager, builtIn: !def.IsCustom);
        MetadataRules.Metadata(merged)["resourceVersion"] = existing.Object["metadata"]?["resourceVersion"]?.DeepClone();
        var result = server.Lifecycle.Update(def, request.Namespace, request.Name!, merged, request.Subresource, options);
        server.Apply.Remember(existing.Uid, manager, applied);
        return (200, result);
    }
}
