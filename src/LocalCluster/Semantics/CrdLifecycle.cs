using System.Text.Json.Nodes;
using Mesh.LocalCluster.Resources;
using Mesh.LocalCluster.Storage;

namespace Mesh.LocalCluster.Semantics;

/// <summary>
/// What the apiextensions controllers do for a CRD: accept its names, mark it Established, start or stop serving
/// its resources. Established at once (the real server takes a few milliseconds).
/// </summary>
internal static class CrdLifecycle
{
    public static readonly ResourceTypeKey Type = new("apiextensions.k8s.io", "customresourcedefinitions");

    public static void Initialize(JsonObject crd, TimeProvider time)
    {
        var names = crd["spec"]?["names"]?.DeepClone() as JsonObject ?? new JsonObject();
        var kind = (string?)names["kind"] ?? "";
        names["singular"] ??= kind.ToLowerInvariant();
        names["listKind"] ??= kind + "List";
        var status = crd["status"] as JsonObject ?? new JsonObject();
        var now = MetadataRules.Timestamp(time);
        var conditions = status["conditions"] as JsonArray;
        if (conditions is null || conditions.Count == 0)
        {
            status["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found", now),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", now));
        }

        status["acceptedNames"] = names;
        var stored = status["storedVersions"] as JsonArray ?? new JsonArray();
        var storage = (crd["spec"]?["versions"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(v => v["storage"]?.GetValue<bool>() == true)?["name"]?.ToString();
        if (storage is not null && !stored.Any(v => v?.ToString() == storage))
        {
            stored.Add(storage);
        }

        status["storedVersions"] = stored.DeepClone();
        crd["status"] = status.DeepClone();
    }

    /// <summary>Re-reads all CRDs and republishes the served resources. Call under the store gate.</summary>
    public static void Refresh(ObjectStore store, ResourceRegistry registry) =>
        registry.SetCustomResourceDefinitions(store.List(Type, null).Select(s => s.Object));

    /// <summary>Deletes every object a removed CRD served (the real server's customresourcecleanup finalizer).</summary>
    public static void RemoveServedObjects(ObjectStore store, JsonObject crd)
    {
        if (CrdResources.KeyOf(crd) is not { } key || BuiltInResources.All.Any(b => b.StorageKey == key))
        {
            return;
        }

        foreach (var obj in store.List(key, null))
        {
            store.Remove(key, obj.Namespace, obj.Name);
        }
    }

    private static JsonObject Condition(string type, string reason, string message, string now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastTransitionTime"] = now,
        ["reason"] = reason,
        ["message"] = message,
    };
}
