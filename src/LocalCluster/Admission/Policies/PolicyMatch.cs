using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Admission.Policies;

/// <summary>matchConstraints of a policy or matchResources of a binding (null selectors match everything).</summary>
internal sealed record PolicyMatch
{
    public IReadOnlyList<PolicyRule> ResourceRules { get; init; } = [];

    public IReadOnlyList<PolicyRule> ExcludeResourceRules { get; init; } = [];

    public JsonObject? NamespaceSelector { get; init; }

    public JsonObject? ObjectSelector { get; init; }
}

/// <summary>A NamedRuleWithOperations: a webhook rule narrowed to some names (none: every name).</summary>
internal sealed record PolicyRule(WebhookRule Rule, IReadOnlyList<string> ResourceNames);
