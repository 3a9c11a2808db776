using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Patching;

/// <summary>
/// The PATCH body kinds the API server accepts. Inputs are never mutated; each call returns a new object.
/// Failures throw <see cref="PatchException"/> carrying the status code and message for the API's Status.
/// </summary>
public static class PatchEngine
{
    /// <summary>application/merge-patch+json (RFC 7386).</summary>
    public static JsonObject ApplyMergePatch(JsonObject current, JsonNode patch)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(patch);
        if (patch is not JsonObject)
        {
            throw new PatchException("merge patch must be a JSON object", 400, "BadRequest");
        }

        return (JsonObject)MergePatch.Apply(current, patch)!;
    }

    /// <summary>application/json-patch+json (RFC 6902): add, remove, replace, move, copy, test.</summary>
    public static JsonObject ApplyJsonPatch(JsonObject current, JsonArray patch)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(patch);
        return JsonPatch.Apply(current, patch);
    }

    /// <summary>application/strategic-merge-patch+json for built-in kinds; <paramref name="group"/> is "" for core.</summary>
    public static JsonObject ApplyStrategicMergePatch(JsonObject current, JsonObject patch, string group, string kind)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(patch);
        return new StrategicMergePatch(group ?? "", kind ?? "").Apply(current, patch);
    }

    /// <summary>application/apply-patch+yaml (server-side apply, minimal); <paramref name="current"/> null creates.</summary>
    public static JsonObject ApplyServerSideApply(JsonObject? current, JsonObject applied, string fieldManager, bool force) =>
        ApplyServerSideApply(current, applied, fieldManager, force, TimeProvider.System);

    /// <summary>As above, with the clock that stamps the managedFields entry and the kind's defaulting (null: none).</summary>
    public static JsonObject ApplyServerSideApply(JsonObject? current, JsonObject applied, string fieldManager, bool force, TimeProvider time, Action<JsonObject>? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(time);
        return ServerSideApply.Apply(current, applied, fieldManager, force, time, defaults);
    }

    /// <summary>
    /// Stamps metadata.managedFields for an ordinary write (POST, PUT, PATCH other than apply) by
    /// <paramref name="fieldManager"/> (the fieldManager query parameter): the fields it set or changed become its own
    /// with operation Update, so a later server-side apply by another manager conflicts on them, as with a real server.
    /// <paramref name="previous"/> is the stored object (null on create). Returns a new object.
    /// </summary>
    public static JsonObject RecordUpdate(JsonObject? previous, JsonObject updated, string fieldManager, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(time);
        return ServerSideApply.RecordUpdate(previous, updated, fieldManager, time);
    }
}
