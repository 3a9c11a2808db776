using Mesh.LocalCluster.Selectors;

namespace Mesh.LocalCluster.Admission.Policies;

/// <summary>
/// Whether a policy's matchConstraints or a binding's matchResources select a request (apiserver
/// admission/plugin/policy/matching): a resource rule names it (and its name, when the rule lists names), no exclude
/// rule does, and the namespace and object selectors match. Admission configuration resources are exempt, as for
/// webhooks, so a broken policy can always be removed. Pure.
/// </summary>
internal static class PolicyMatcher
{
    /// <param name="namespaceLabels">Labels of the request's namespace; null for cluster-scoped requests.</param>
    /// <param name="ofBinding">
    /// A binding's matchResources is intersected with its policy's constraints: without resourceRules it does not
    /// narrow by resource at all.
    /// </param>
    public static bool Matches(PolicyMatch match, AdmissionAttributes request, IReadOnlyDictionary<string, string>? namespaceLabels, bool ofBinding = false) =>
        !WebhookMatcher.IsExempt(request)
        && ((ofBinding && match.ResourceRules.Count == 0) || match.ResourceRules.Any(rule => Matches(rule, request)))
        && !match.ExcludeResourceRules.Any(rule => Matches(rule, request))
        && (namespaceLabels is null || ObjectLabelSelector.Matches(match.NamespaceSelector, namespaceLabels))
        && WebhookMatcher.MatchesObject(match.ObjectSelector, request);

    /// <summary>Whether any rule could name this kind of request at all (cheap; no selector is read).</summary>
    public static bool MayMatch(PolicyMatch match, AdmissionAttributes request) =>
        !WebhookMatcher.IsExempt(request) && match.ResourceRules.Any(rule => Matches(rule, request));

    private static bool Matches(PolicyRule rule, AdmissionAttributes request) =>
        WebhookMatcher.Matches(rule.Rule, request)
        && (rule.ResourceNames.Count == 0 || rule.ResourceNames.Contains(NameOf(request)));

    private static string NameOf(AdmissionAttributes request) =>
        request.Name.Length > 0 ? request.Name : (string?)(request.Object ?? request.OldObject)?["metadata"]?["name"] ?? "";
}
