using System.Text.Json.Nodes;
using Mesh.LocalCluster.Selectors;

namespace Mesh.LocalCluster.Admission;

/// <summary>
/// Whether a webhook applies to a request (apiserver webhook/predicates/rules and namespace/object matchers):
/// rules (operation, group, version, resource[/subresource], scope), namespaceSelector, objectSelector. Pure.
/// </summary>
internal static class WebhookMatcher
{
    /// <param name="namespaceLabels">
    /// Labels of the request's namespace (of the Namespace object itself for namespaces); null for cluster-scoped requests.
    /// </param>
    public static bool Matches(WebhookDefinition webhook, AdmissionAttributes request, IReadOnlyDictionary<string, string>? namespaceLabels) =>
        MatchesRules(webhook, request)
        && (namespaceLabels is null || ObjectLabelSelector.Matches(webhook.NamespaceSelector, namespaceLabels))
        && MatchesObject(webhook.ObjectSelector, request);

    /// <summary>
    /// Webhook configurations themselves are exempt (IsExemptAdmissionConfigurationResource): a broken webhook can
    /// always be removed.
    /// </summary>
    public static bool MatchesRules(WebhookDefinition webhook, AdmissionAttributes request) =>
        !IsExempt(request) && webhook.Rules.Any(rule => Matches(rule, request));

    /// <summary>Admission configuration (webhooks and policies) is never itself admitted by webhooks or policies.</summary>
    public static bool IsExempt(AdmissionAttributes request) => request.Resource.Group == "admissionregistration.k8s.io";

    /// <summary>One rule (operation, group, version, resource[/subresource], scope); admission policies use it too.</summary>
    public static bool Matches(WebhookRule rule, AdmissionAttributes request) =>
        AnyOf(rule.Operations, request.Operation)
        && AnyOf(rule.ApiGroups, request.Resource.Group)
        && AnyOf(rule.ApiVersions, request.Resource.Version)
        && MatchesResource(rule.Resources, request.Resource.Plural, request.Subresource)
        && MatchesScope(rule.Scope, request);

    private static bool AnyOf(IReadOnlyList<string> allowed, string value) => allowed.Any(a => a == "*" || a == value);

    /// <summary>"pods" is the main resource only, "pods/*" every subresource, "*" every main resource, "*/*" everything.</summary>
    private static bool MatchesResource(IReadOnlyList<string> resources, string plural, string subresource) =>
        resources.Any(entry =>
        {
            var slash = entry.IndexOf('/', StringComparison.Ordinal);
            var resource = slash < 0 ? entry : entry[..slash];
            var sub = slash < 0 ? "" : entry[(slash + 1)..];
            return (resource == "*" || resource == plural) && (sub == "*" || sub == subresource);
        });

    private static bool MatchesScope(string scope, AdmissionAttributes request)
    {
        var isNamespaceObject = request.Resource.Group.Length == 0 && request.Resource.Plural == "namespaces";
        return scope switch
        {
            "Namespaced" => !isNamespaceObject && request.Resource.Namespaced,
            "Cluster" => isNamespaceObject || !request.Resource.Namespaced,
            _ => true,
        };
    }

    /// <summary>objectSelector: matches when the new or the old object's labels match.</summary>
    public static bool MatchesObject(JsonObject? selector, AdmissionAttributes request)
    {
        if (selector is null || selector.Count == 0)
        {
            return true;
        }

        // For pods/eviction the object is the Eviction, whose own labels are matched (as kube-apiserver's matcher does).
        return (request.Object is not null && ObjectLabelSelector.Matches(selector, ObjectLabelSelector.LabelsOf(request.Object)))
            || (request.OldObject is not null && ObjectLabelSelector.Matches(selector, ObjectLabelSelector.LabelsOf(request.OldObject)));
    }
}
