namespace Mesh.LocalCluster.Admission;

/// <summary>One entry of a webhook's rules (RuleWithOperations); "*" is a wildcard in every list.</summary>
internal sealed record WebhookRule(
    IReadOnlyList<string> Operations,
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> ApiVersions,
    IReadOnlyList<string> Resources,
    string Scope);
