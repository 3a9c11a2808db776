using System.Globalization;
using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Patching;

/// <summary>
/// Minimal server-side apply: the applied configuration is merged like a strategic merge patch (lists without a merge
/// key are atomic), fields this manager applied before and no longer applies are removed unless another manager owns
/// them, and ownership is recorded in <c>metadata.managedFields</c> as FieldsV1. Applying a value another manager owns
/// with a different value is a conflict (409) unless forced, in which case ownership moves to the applier.
/// Not modelled: field-type-specific list semantics of CRD schemas (x-kubernetes-list-type), the "Update" bookkeeping of
/// ordinary writes and managedFields time-stamps per field.
/// </summary>
internal static class ServerSideApply
{
    /// <param name="defaults">
    /// The kind's defaulting, run on a copy of the result before it is compared with the live object: an atomic list
    /// applied without its defaulted fields is the same object once the server has defaulted it again, so such an
    /// apply is a no-op (kube-apiserver compares the decoded, defaulted object).
    /// </param>
    public static JsonObject Apply(JsonObject? current, JsonObject applied, string fieldManager, bool force, TimeProvider time, Action<JsonObject>? defaults = null)
    {
        if (string.IsNullOrEmpty(fieldManager))
        {
            throw new PatchException("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch", 422, "Invalid");
        }

        // A non-string apiVersion or kind is the client's error (found by fuzzing: GetValue threw, a 500).
        var apiVersion = Text(applied["apiVersion"]) ?? throw new PatchException("apply patch must name apiVersion", 400, "BadRequest");
        var kind = Text(applied["kind"]) ?? throw new PatchException("apply patch must name kind", 400, "BadRequest");
        var group = apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";

        var config = (JsonObject)applied.DeepClone();
        (config["metadata"] as JsonObject)?.Remove("managedFields");
        var appliedSet = ManagedFieldSet.FromObject(config, group, kind);

        var entries = ReadEntries(current);
        var own = entries.FirstOrDefault(e => e.Manager == fieldManager && e.Operation == "Apply");
        var others = entries.Where(e => e != own).ToList();

        var conflicts = new List<(ManagedEntry Owner, string Path)>();
        foreach (var leaf in appliedSet.Leaves)
        {
            foreach (var other in others.Where(o => o.Fields.Leaves.Contains(leaf)))
            {
                if (!JsonNode.DeepEquals(ManagedFieldSet.Lookup(current, leaf), ManagedFieldSet.Lookup(config, leaf)))
                {
                    conflicts.Add((other, leaf));
                }
            }
        }

        if (conflicts.Count > 0 && !force)
        {
            var causes = conflicts.Select(c => new PatchConflict(c.Owner.Manager, c.Owner.ApiVersion, ManagedFieldSet.Display(c.Path))).ToList();
            // Wording of sigs.k8s.io/structured-merge-diff merge/conflict.go as wrapped by the API server's fieldmanager.
            var message = causes.Count == 1
                ? $"Apply failed with 1 conflict: {causes[0].Message}: {causes[0].Field}"
                : $"Apply failed with {causes.Count} conflicts: " + string.Join("\n", causes
                    .GroupBy(c => c.Message)
                    .Select(g => $"{g.Key.Replace("conflict with", "conflicts with", StringComparison.Ordinal)}:\n" + string.Join("\n", g.Select(c => $"- {c.Field}"))));
            throw new PatchException(message, 409, "Conflict", causes);
        }

        foreach (var (owner, path) in conflicts)
        {
            owner.Fields.Leaves.Remove(path);
        }

        JsonObject result;
        if (current is null)
        {
            result = config;
        }
        else
        {
            result = new StrategicMergePatch(group, kind).Apply(current, config);
            if (own is not null)
            {
                foreach (var stale in own.Fields.Leaves.Where(l => !appliedSet.Leaves.Contains(l) && !others.Any(o => o.Fields.Leaves.Contains(l))))
                {
                    ManagedFieldSet.Remove(result, stale);
                }

                foreach (var stale in own.Fields.Items.Where(i => !appliedSet.Items.Contains(i) && !others.Any(o => o.Fields.Items.Contains(i) || o.Fields.Leaves.Any(l => l.StartsWith(i + "\n", StringComparison.Ordinal)))))
                {
                    ManagedFieldSet.Remove(result, stale);
                }
            }
        }

        var managed = new JsonArray();
        var ownWritten = false;
        foreach (var entry in entries)
        {
            if (entry == own)
            {
                // As kube-apiserver's field manager: an apply that changes neither the object nor the manager's fields
                // keeps the entry's time, so the write is a no-op and the resourceVersion stays.
                managed.Add(Unchanged(current, result, own, appliedSet, apiVersion, defaults)
                    ? (JsonObject)own.Raw.DeepClone()
                    : NewEntry(fieldManager, apiVersion, appliedSet, time));
                ownWritten = true;
            }
            else if (!entry.Fields.IsEmpty)
            {
                var written = (JsonObject)entry.Raw.DeepClone();
                written["fieldsV1"] = entry.Fields.ToFieldsV1();
                managed.Add(written);
            }
        }

        if (!ownWritten)
        {
            managed.Add(NewEntry(fieldManager, apiVersion, appliedSet, time));
        }

        if (result["metadata"] is not JsonObject metadata)
        {
            metadata = new JsonObject();
            result["metadata"] = metadata;
        }

        metadata["managedFields"] = managed;
        return result;
    }

    /// <summary>
    /// Records an ordinary write (create, update, patch) by <paramref name="fieldManager"/>: the fields it set or changed
    /// become its own (operation Update) and leave other managers, fields that are gone leave everyone. This is what lets
    /// a later apply conflict with "kubectl-client-side-apply".
    /// </summary>
    public static JsonObject RecordUpdate(JsonObject? previous, JsonObject updated, string fieldManager, TimeProvider time)
    {
        var result = (JsonObject)updated.DeepClone();
        if (string.IsNullOrEmpty(fieldManager))
        {
            return result;
        }

        var apiVersion = result["apiVersion"]?.GetValue<string>() ?? "";
        var kind = result["kind"]?.GetValue<string>() ?? "";
        var group = apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";
        var content = (JsonObject)result.DeepClone();
        (content["metadata"] as JsonObject)?.Remove("managedFields");
        var present = ManagedFieldSet.FromObject(content, group, kind);
        var changed = present.Leaves
            .Where(l => previous is null || !JsonNode.DeepEquals(ManagedFieldSet.Lookup(previous, l), ManagedFieldSet.Lookup(content, l)))
            .ToHashSet(StringComparer.Ordinal);

        var entries = ReadEntries(previous ?? result);
        var managed = new JsonArray();
        var ownWritten = false;
        foreach (var entry in entries)
        {
            var mine = entry.Manager == fieldManager && entry.Operation == "Update";
            entry.Fields.Leaves.RemoveWhere(l => !present.Leaves.Contains(l) || (!mine && changed.Contains(l)));
            if (mine)
            {
                entry.Fields.Leaves.UnionWith(changed);
                ownWritten = true;
            }

            entry.Fields.Items.RemoveWhere(i => !entry.Fields.Leaves.Any(l => l.StartsWith(i + "\n", StringComparison.Ordinal)));
            if (entry.Fields.IsEmpty)
            {
                continue;
            }

            var written = mine ? NewEntry(fieldManager, apiVersion, entry.Fields, time, "Update") : (JsonObject)entry.Raw.DeepClone();
            written["fieldsV1"] = entry.Fields.ToFieldsV1();
            managed.Add(written);
        }

        if (!ownWritten && changed.Count > 0)
        {
            var own = new ManagedFieldSet();
            own.Leaves.UnionWith(changed);
            own.Items.UnionWith(present.Items.Where(i => changed.Any(l => l.StartsWith(i + "\n", StringComparison.Ordinal))));
            managed.Add(NewEntry(fieldManager, apiVersion, own, time, "Update"));
        }

        if (result["metadata"] is JsonObject metadata)
        {
            metadata["managedFields"] = managed;
        }

        return result;
    }

    private static bool Unchanged(JsonObject? current, JsonObject result, ManagedEntry own, ManagedFieldSet appliedSet, string apiVersion, Action<JsonObject>? defaults)
    {
        if (current is null || own.ApiVersion != apiVersion || !JsonNode.DeepEquals(own.Fields.ToFieldsV1(), appliedSet.ToFieldsV1()))
        {
            return false;
        }

        static JsonObject WithoutManagedFields(JsonObject o)
        {
            var copy = (JsonObject)o.DeepClone();
            (copy["metadata"] as JsonObject)?.Remove("managedFields");
            Semantics.MetadataRules.OmitEmpty(copy); // as it will be stored: an applied "labels: {}" changes nothing
            return copy;
        }

        var next = WithoutManagedFields(result);
        defaults?.Invoke(next);
        return JsonNode.DeepEquals(WithoutManagedFields(current), next);
    }

    private static JsonObject NewEntry(string manager, string apiVersion, ManagedFieldSet fields, TimeProvider time, string operation = "Apply") => new()
    {
        ["manager"] = manager,
        ["operation"] = operation,
        ["apiVersion"] = apiVersion,
        ["time"] = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["fieldsType"] = "FieldsV1",
        ["fieldsV1"] = fields.ToFieldsV1(),
    };

    private static List<ManagedEntry> ReadEntries(JsonObject? current)
    {
        var list = new List<ManagedEntry>();
        if (current?["metadata"]?["managedFields"] is not JsonArray managed)
        {
            return list;
        }

        foreach (var node in managed)
        {
            if (node is JsonObject raw)
            {
                list.Add(new ManagedEntry(
                    raw["manager"]?.GetValue<string>() ?? "",
                    raw["operation"]?.GetValue<string>() ?? "",
                    raw["apiVersion"]?.GetValue<string>() ?? "",
                    ManagedFieldSet.FromFieldsV1(raw["fieldsV1"] as JsonObject),
                    raw));
            }
        }

        return list;
    }

    private sealed record ManagedEntry(string Manager, string Operation, string ApiVersion, ManagedFieldSet Fields, JsonObject Raw);

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
