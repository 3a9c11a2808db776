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
