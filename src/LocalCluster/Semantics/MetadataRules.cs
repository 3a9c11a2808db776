using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mesh.LocalCluster.Errors;
using Mesh.LocalCluster.Resources;

namespace Mesh.LocalCluster.Semantics;

/// <summary>Small pure rules about object metadata shared by create, update and delete.</summary>
internal static partial class MetadataRules
{
    private const string SubdomainHelp =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private const string LabelHelp =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    private static readonly HashSet<string> GenerationTracked =
    [
        "deployments", "statefulsets", "daemonsets", "replicasets", "jobs", "cronjobs", "customresourcedefinitions", "networkpolicies", "mutatingwebhookconfigurations",
        "validatingwebhookconfigurations", "poddisruptionbudgets",
    ];

    /// <summary>Whether metadata.generation is kept (custom resources and built-ins with a spec that controllers observe).</summary>
    public static bool TracksGeneration(ResourceDefinition def) => def.IsCustom || GenerationTracked.Contains(def.Plural);

    /// <summary>Whether DELETE answers with the deleted object rather than a Status (registry ReturnDeletedObject).</summary>
    public static bool ReturnsDeletedObject(ResourceDefinition def) =>
        def.IsCustom || def.Plural is "pods" or "services" or "customresourcedefinitions" or "namespaces";

    public static string Timestamp(TimeProvider time) =>
        time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Drops empty or null labels, annotations, ownerReferences, finalizers and managedFields: ObjectMeta's fields are
    /// omitempty in Go, so kube-apiserver never stores or serves them empty (else kubectl diff shows annotations: {}).
    /// </summary>
    public static void OmitEmpty(JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject metadata)
        {
            return;
        }

        foreach (var field in (string[])["labels", "annotations", "ownerReferences", "finalizers", "managedFields"])
        {
            if (metadata.TryGetPropertyValue(field, out var value) && value is null or JsonObject { Count: 0 } or JsonArray { Count: 0 })
            {
                metadata.Remove(field);
            }
        }
    }

    public static JsonObject Metadata(JsonObject obj) =>
        obj["metadata"] as JsonObject ?? (JsonObject)(obj["metadata"] = new JsonObject());

    public static string Name(JsonObject obj) => (string?)obj["metadata"]?["name"] ?? "";

    public static List<string> Finalizers(JsonObject obj) =>
        obj["metadata"]?["finalizers"] is JsonArray array ? array.Select(f => f?.ToString() ?? "").ToList() : [];

    public static void SetFinalizers(JsonObject obj, IEnumerable<string> finalizers)
    {
        var list = finalizers.Distinct().Select(f => (JsonNode?)JsonValue.Create(f)).ToArray();
        var metadata = Metadata(obj);
        if (list.Length == 0)
        {
            metadata.Remove("finalizers");
        }
        else
        {
            metadata["finalizers"] = new JsonArray(list);
        }
    }

    /// <summary>Finalizers that keep a deleted object stored: metadata.finalizers, and spec.finalizers of a Namespace.</summary>
    public static List<string> BlockingFinalizers(JsonObject obj)
    {
        var finalizers = Finalizers(obj);
        if ((string?)obj["kind"] == "Namespace" && obj["spec"]?["finalizers"] is JsonArray spec)
        {
            finalizers.AddRange(spec.Select(f => f?.ToString() ?? ""));
        }

        return finalizers;
    }

    public static List<FieldCause> ValidateName(ResourceDefinition def, string name)
    {
        var causes = new List<FieldCause>();
        if (def.Plural == "namespaces")
        {
            if (name.Length > 63 || !Label().IsMatch(name))
            {
                causes.Add(FieldCause.Invalid("metadata.name", name, LabelHelp));
            }
        }
        else if (name.Length > 253 || !Subdomain().IsMatch(name))
        {
            causes.Add(FieldCause.Invalid("metadata.name", name, SubdomainHelp));
        }

        return causes;
    }

    /// <summary>The object without metadata (and without status when a status subresource exists), for generation.</summary>
    public static JsonObject SpecView(JsonObject obj, ResourceDefinition def)
    {
        var view = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (key is "metadata" or "apiVersion" or "kind" || (def.HasStatus && key == "status"))
            {
                continue;
            }

            view[key] = value?.DeepClone();
        }

        return view;
    }

    public static void BumpGeneration(JsonObject metadata)
    {
        // Parsed values are JsonElements and ours are CLR numbers: read through the JSON text to accept both.
        var current = metadata["generation"] is JsonValue value && long.TryParse(value.ToJsonString(), out var parsed) ? parsed : 0;
        metadata["generation"] = current + 1;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();
}
