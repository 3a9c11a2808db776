using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Admission.Policies;

/// <summary>
/// The admissionregistration/v1 defaults of ValidatingAdmissionPolicies and their bindings, set in place on create and
/// update as kube-apiserver sets them: failurePolicy Fail; on matchConstraints and matchResources, matchPolicy
/// Equivalent and empty (match-all) namespace and object selectors; scope "*" on every rule.
/// </summary>
internal static class PolicyDefaults
{
    public static void Apply(JsonObject obj, bool binding)
    {
        if (obj["spec"] is not JsonObject spec)
        {
            return;
        }

        if (!binding)
        {
            spec["failurePolicy"] ??= "Fail";
        }

        if (spec[binding ? "matchResources" : "matchConstraints"] is JsonObject match)
        {
            match["matchPolicy"] ??= "Equivalent";
            match["namespaceSelector"] ??= new JsonObject();
            match["objectSelector"] ??= new JsonObject();
            foreach (var list in new[] { "resourceRules", "excludeResourceRules" })
            {
                foreach (var rule in (match[list] as JsonArray)?.OfType<JsonObject>() ?? [])
                {
                    rule["scope"] ??= "*";
                }
            }
        }
    }
}
