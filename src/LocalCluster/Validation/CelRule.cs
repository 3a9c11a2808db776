using Cel;

namespace Mesh.LocalCluster.Validation;

/// <summary>One x-kubernetes-validations entry, compiled once when its schema is parsed.</summary>
internal sealed record CelRule
{
    public required string Rule { get; init; }

    public string Message { get; init; } = "";

    public string MessageExpression { get; init; } = "";

    public string FieldPath { get; init; } = "";

    public string? Reason { get; init; }

    /// <summary>Null when the rule failed to compile (see <see cref="CompileError"/>).</summary>
    public CelProgramDelegate? Program { get; init; }

    public CelProgramDelegate? MessageProgram { get; init; }

    public string? CompileError { get; init; }

    public string? MessageExpressionCompileError { get; init; }

    /// <summary>The rule mentions oldSelf: evaluated only on update when an old value correlates.</summary>
    public bool IsTransition { get; init; }

    /// <summary>Outcomes by value, so an unchanged value is not evaluated again.</summary>
    public RuleOutcomeCache Outcomes { get; } = new();

    /// <summary>ruleErrorString in apiextensions-apiserver pkg/apiserver/schema/cel/validation.go.</summary>
    public string ErrorString => Message.Trim().Length > 0 ? Message.Trim() : Rule.Trim();

    /// <summary>ruleMessageOrDefault in the same file.</summary>
    public string MessageOrDefault => Message.Trim().Length > 0 ? Message.Trim() : $"failed rule: {ErrorString}";
}
