using System.Text.Json.Nodes;
using Cel;

namespace Mesh.LocalCluster.Admission.Policies;

/// <summary>
/// A stored ValidatingAdmissionPolicy, parsed and with its expressions compiled once (per resourceVersion): what it
/// matches, its match conditions, variables and validations, and its failure policy (v1 default Fail).
/// </summary>
internal sealed record ValidatingPolicy
{
    public required string Name { get; init; }

    public required string ResourceVersion { get; init; }

    /// <summary>Fail (default) or Ignore: what an expression that cannot be evaluated does.</summary>
    public string FailurePolicy { get; init; } = "Fail";

    public required PolicyMatch Match { get; init; }

    public IReadOnlyList<PolicyExpression> MatchConditions { get; init; } = [];

    /// <summary>In order: a variable may use the ones before it.</summary>
    public IReadOnlyList<PolicyExpression> Variables { get; init; } = [];

    public IReadOnlyList<PolicyValidation> Validations { get; init; } = [];
}

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

/// <summary>A named expression (a match condition or a variable), compiled.</summary>
internal sealed record PolicyExpression(string Name, string Expression, CelProgramDelegate Program);

/// <summary>One entry of spec.validations, compiled.</summary>
internal sealed record PolicyValidation
{
    public required string Expression { get; init; }

    public required CelProgramDelegate Program { get; init; }

    public string Message { get; init; } = "";

    public CelProgramDelegate? MessageProgram { get; init; }

    /// <summary>Unauthorized, Forbidden, Invalid (default) or RequestEntityTooLarge.</summary>
    public string? Reason { get; init; }
}

/// <summary>A stored ValidatingAdmissionPolicyBinding.</summary>
internal sealed record PolicyBinding
{
    public required string Name { get; init; }

    public required string PolicyName { get; init; }

    /// <summary>Deny, Warn and/or Audit.</summary>
    public IReadOnlyList<string> ValidationActions { get; init; } = [];

    /// <summary>Narrows the policy's own match; null: the policy's match alone.</summary>
    public PolicyMatch? MatchResources { get; init; }
}
