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
    private const int MaxAttempts = 5;

    private readonly AdmittedWrites _admitted = new(server);

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
        var warn = WarningHeaders.For(context);
        for (var attempt = 1; ; attempt++)
        {
            // Patch under the gate, admit and write outside it (webhook calls must not hold the store); a write in
            // between makes the pinned resourceVersion conflict, and the patch is applied again to the new version,
            // as the real server's GuaranteedUpdate retries.
            var (existing, next) = Compute(request, mediaType, patch, options, force);
            try
            {
                var (status, result) = existing is null
                    ? (201, await _admitted.CreateAsync(def, request.Namespace, next, options, warn, context.RequestAborted).ConfigureAwait(false))
                    : (200, await _admitted.UpdateAsync(def, request.Namespace, request.Name!, next, request.Subresource, options, warn, context.RequestAborted)
                        .ConfigureAwait(false));
                await Responses.WriteAsync(context, status, ServedObjects.Json(def, result)).ConfigureAwait(false);
                return;
            }
            catch (ApiException e) when (attempt < MaxAttempts && e.Code == 409 && Retryable(existing, next))
            {
                // Lost a race with another writer: patch the new version.
            }
        }
    }

    /// <summary>Reads the object and applies the patch; existing null means the patch creates (server-side apply).</summary>
    private (StoredObject? Existing, JsonObject Next) Compute(ResourceRequest request, string mediaType, JsonNode patch, WriteOptions options, bool force)
    {
        var def = request.Def;
        var name = request.Name!;
        lock (server.Store.Gate)
        {
            var existing = server.Store.Get(def.StorageKey, def.Namespaced ? request.Namespace : "", name);
            if (mediaType == ApplyPatch)
            {
                return (existing, Apply(request, patch, existing, options, force));
            }

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
            return (existing, patched);
        }
    }

    /// <summary>A conflict is retried only when the patch did not itself ask for a resourceVersion (a precondition).</summary>
    private static bool Retryable(StoredObject? existing, JsonObject next) =>
        existing is null
        || (string?)next["metadata"]?["resourceVersion"] == (string?)existing.Object["metadata"]?["resourceVersion"];

    private JsonObject Apply(ResourceRequest request, JsonNode patch, StoredObject? existing, WriteOptions options, bool force)
    {
        var def = request.Def;
        var applied = patch.DeepClone() as JsonObject ?? throw ApiErrors.BadRequest("error decoding YAML: the apply configuration is not an object");
        BodyChecks.Check(def, request.Namespace, applied);
        var bodyName = MetadataRules.Name(applied);
        if (bodyName.Length > 0 && bodyName != request.Name)
        {
            throw ApiErrors.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({request.Name})");
        }

        MetadataRules.Metadata(applied)["name"] = request.Name;
        var current = existing is null ? null : ServedObjects.Node(def, existing);
        Action<JsonObject>? defaults = def.IsCustom || def.Converter is not null ? null : o => Semantics.Defaults.BuiltInDefaults.Apply(def, o);
        var merged = Guard(def, request.Name!, () => PatchEngine.ApplyServerSideApply(current, applied, options.FieldManager, force, server.Time, defaults));
        if (existing is not null)
        {
            MetadataRules.Metadata(merged)["resourceVersion"] = existing.Object["metadata"]?["resourceVersion"]?.DeepClone();
        }

        return merged;
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
