using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Mesh.LocalCluster.Errors;
using Mesh.LocalCluster.Patching;
using Mesh.LocalCluster.Resources;
using Mesh.LocalCluster.Storage;

namespace Mesh.LocalCluster.Http;

/// <summary>
/// The scale subresource of Deployments, ReplicaSets and StatefulSets (pkg/registry/apps/*/storage ScaleREST):
/// GET, PUT and PATCH an autoscaling/v1 Scale whose spec.replicas is the object's, status.replicas its status and
/// status.selector its selector as a string. What <c>kubectl scale</c> and the HorizontalPodAutoscaler call.
/// </summary>
internal sealed class ScaleHandler(ServerContext server)
{
    private const int MaxAttempts = 5;
    private readonly AdmittedWrites _admitted = new(server);

    public async Task HandleAsync(HttpContext context, ResourceRequest request)
    {
        var method = context.Request.Method;
        if (request.Name is not { } name || method is not ("GET" or "PUT" or "PATCH"))
        {
            throw ApiErrors.MethodNotAllowed(method, $"{request.Def.Plural}/scale");
        }

        var def = request.Def;
        if (method == "GET")
        {
            await Responses.WriteAsync(context, 200, Scale(def, Read(request, name))).ConfigureAwait(false);
            return;
        }

        var mediaType = (context.Request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        if (method == "PATCH" && mediaType is not ("application/merge-patch+json" or "application/json-patch+json" or "application/strategic-merge-patch+json"))
        {
            throw ApiErrors.UnsupportedMediaType(
                "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json");
        }

        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var options = RequestQuery.WriteOptions(context.Request) with { StrictFields = false };
        var warn = WarningHeaders.For(context);
        for (var attempt = 1; ; attempt++)
        {
            var existing = Read(request, name);
            var current = Scale(def, existing);
            var wanted = method == "PUT"
                ? body as JsonObject ?? throw ApiErrors.BadRequest("the body of a Scale must be an object")
                : Patched(current, body, mediaType);
            var rv = (string?)existing.Object["metadata"]?["resourceVersion"];
            var preconditioned = (string?)wanted["metadata"]?["resourceVersion"] is { Length: > 0 } asked && asked != rv;
            if (preconditioned)
            {
                throw ApiErrors.Conflict(def, name);
            }

            var replicas = Replicas(name, wanted);
            var next = ServedObjects.Node(def, existing);
            (next["spec"] as JsonObject ?? (JsonObject)(next["spec"] = new JsonObject()))["replicas"] = replicas;
            try
            {
                var stored = await _admitted.UpdateAsync(def, request.Namespace, name, next, null, options, warn, context.RequestAborted).ConfigureAwait(false);
                await Responses.WriteAsync(context, 200, Scale(def, stored)).ConfigureAwait(false);
                return;
            }
            catch (ApiException e) when (e.Code == 409 && attempt < MaxAttempts && (string?)wanted["metadata"]?["resourceVersion"] is null or "")
            {
                // Another writer won the race; a Scale without a resourceVersion asks for no precondition: retry.
            }
        }
    }

    /// <summary>The autoscaling/v1 Scale view of a stored object.</summary>
    public static JsonObject Scale(ResourceDefinition def, StoredObject stored)
    {
        var obj = ServedObjects.Node(def, stored);
        var metadata = obj["metadata"]!;
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = metadata["name"]?.DeepClone(),
                ["namespace"] = metadata["namespace"]?.DeepClone(),
                ["uid"] = metadata["uid"]?.DeepClone(),
                ["resourceVersion"] = metadata["resourceVersion"]?.DeepClone(),
                ["creationTimestamp"] = metadata["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = obj["spec"]?["replicas"]?.DeepClone() ?? 1 },
            ["status"] = new JsonObject
            {
                ["replicas"] = obj["status"]?["replicas"]?.DeepClone() ?? 0,
                // A ReplicationController's selector is a plain map, the others' a LabelSelector.
                ["selector"] = SelectorString(def.Plural == "replicationcontrollers"
                    ? new JsonObject { ["matchLabels"] = obj["spec"]?["selector"]?.DeepClone() }
                    : obj["spec"]?["selector"] as JsonObject),
            },
        };
    }

    /// <summary>metav1.FormatLabelSelector: requirements sorted by key, "k=v", "k in (a,b)", "k notin (a,b)", "k", "!k".</summary>
    public static string SelectorString(JsonObject? selector)
    {
        var requirements = new List<(string Key, string Text)>();
        foreach (var (key, value) in selector?["matchLabels"] as JsonObject ?? [])
        {
            requirements.Add((key, $"{key}={value}"));
        }

        foreach (var expression in (selector?["matchExpressions"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var key = (string?)expression["key"] ?? "";
            var values = string.Join(",", ((expression["values"] as JsonArray) ?? []).Select(v => (string?)v).Order(StringComparer.Ordinal));
            requirements.Add((key, (string?)expression["operator"] switch
            {
                "In" => $"{key} in ({values})",
                "NotIn" => $"{key} notin ({values})",
                "Exists" => key,
                _ => $"!{key}",
            }));
        }

        return string.Join(",", requirements.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Text));
    }

    private StoredObject Read(ResourceRequest request, string name)
    {
        var def = request.Def;
        return server.Store.Get(def.StorageKey, def.Namespaced ? request.Namespace : "", name) ?? throw ApiErrors.NotFound(def, name);
    }

    private static JsonObject Patched(JsonObject current, JsonNode patch, string mediaType)
    {
        try
        {
            // A Scale has no lists: a strategic merge patch merges as a merge patch does.
            return mediaType == "application/json-patch+json"
                ? PatchEngine.ApplyJsonPatch(current, patch as JsonArray ?? throw ApiErrors.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch"))
                : PatchEngine.ApplyMergePatch(current, patch);
        }
        catch (PatchException e)
        {
            throw new ApiException(e.StatusCode, e.Reason, e.Message);
        }
    }

    private static int Replicas(string name, JsonObject scale)
    {
        var node = scale["spec"]?["replicas"];
        if (node is JsonValue value && value.TryGetValue<int>(out var replicas))
        {
            return replicas >= 0
                ? replicas
                : throw new ApiException(422, "Invalid", $"Scale.autoscaling \"{name}\" is invalid: spec.replicas: Invalid value: {replicas}: must be greater than or equal to 0",
                    new JsonObject
                    {
                        ["name"] = name,
                        ["group"] = "autoscaling",
                        ["kind"] = "Scale",
                        ["causes"] = new JsonArray(new JsonObject
                        {
                            ["reason"] = "FieldValueInvalid",
                            ["message"] = $"Invalid value: {replicas}: must be greater than or equal to 0",
                            ["field"] = "spec.replicas",
                        }),
                    });
        }

        return node is null ? 0 : throw ApiErrors.BadRequest("Scale in version \"v1\" cannot be handled as a Scale: spec.replicas must be an integer");
    }
}
