using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Mesh.LocalCluster.Errors;
using Mesh.LocalCluster.Patching;
using Mesh.LocalCluster.Semantics;
using Mesh.LocalCluster.Storage;

namespace Mesh.LocalCluster.Http;

/// <summary>
/// PATCH with merge, JSON, strategic merge (built-ins only, 415 for custom resources as the real server answers)
/// and apply (server-side apply with managedFields and conflicts, creating a missing object with 201).
/// The algorithms are <see cref="PatchEngine"/>'s; this class reads, patches and writes under the store gate.
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
        var force = RequestQuery.Flag(context.Request, "force");
        var name = request.Name!;
        int status;
        StoredObject result;
        lock (server.Store.Gate)
        {
            var existing = server.Store.Get(def.StorageKey, def.Namespaced ? request.Namespace : "", name);
            if (mediaType == ApplyPatch)
            {
                (status, result) = Apply(request, patch, existing, options, force);
            }
            else
            {
                if (existing is null)
                {
                    throw ApiErrors.NotFound(def, name);
                }

                var current = ServedObjects.Node(def, existing);
                var patched = Guard(def, name, () => mediaType switch
                {
                    JsonPatch => PatchEngine.ApplyJsonPatch(current, patch as JsonArray
                        ?? throw ApiErrors.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch")),
                    StrategicPatch => PatchEngine.ApplyStrategicMergePatch(current, patch as JsonObject
                        ?? throw ApiErrors.BadRequest("json: cannot unmarshal array into Go value of type map[string]interface {}"), def.Group, def.Kind),
                    _ => PatchEngine.ApplyMergePatch(current, patch),
                });
                result = server.Lifecycle.Update(def, request.Namespace, name, patched, request.Subresource, options);
                status = 200;
            }
        }

        await Responses.WriteAsync(context, status, ServedObjects.Json(def, result)).ConfigureAwait(false);
    }

    private (int Status, StoredObject Result) Apply(ResourceRequest request, JsonNode patch, StoredObject? existing, WriteOptions options, bool force)
    {
        var def = request.Def;
        var applied = patch as JsonObject ?? throw ApiErrors.BadRequest("error decoding YAML: the apply configuration is not an object");
        BodyChecks.Check(def, request.Namespace, applied);
        var bodyName = MetadataRules.Name(applied);
        if (bodyName.Length > 0 && bodyName != request.Name)
        {
            throw ApiErrors.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({request.Name})");
        }

        MetadataRules.Metadata(applied)["name"] = request.Name;
        var current = existing is null ? null : ServedObjects.Node(def, existing);
        var merged = Guard(def, request.Name!, () => PatchEngine.ApplyServerSideApply(current, applied, options.FieldManager, force, server.Time));
        if (existing is null)
        {
            return (201, server.Lifecycle.Create(def, request.Namespace, merged, options));
        }

        MetadataRules.Metadata(merged)["resourceVersion"] = existing.Object["metadata"]?["resourceVersion"]?.DeepClone();
        return (200, server.Lifecycle.Update(def, request.Namespace, request.Name!, merged, request.Subresource, options));
    }

    /// <summary>Turns a PatchException into the Status the real server answers (409 apply conflicts carry causes).</summary>
    private static JsonObject Guard(Resources.ResourceDefinition def, string name, Func<JsonObject> apply)
    {
        try
        {
            return apply();
        }
        catch (PatchException e)
        {
            JsonObject? details = null;
            if (e.Conflicts.Count > 0)
            {
                details = new JsonObject { ["name"] = name };
                if (def.Group.Length > 0)
                {
                    details["group"] = def.Group;
                }

                details["kind"] = def.Plural;
                details["causes"] = new JsonArray(e.Conflicts
                    .Select(c => (JsonNode?)new JsonObject { ["reason"] = c.Reason, ["message"] = c.Message, ["field"] = c.Field })
                    .ToArray());
            }

            throw new ApiException(e.StatusCode, e.Reason, e.Message, details);
        }
    }
}
