namespace Mesh.LocalCluster.Validation;

/// <summary>What one CEL rule said about one value: passed, failed with a message, or failed to evaluate.</summary>
/// <param name="Passed">The rule evaluated to true.</param>
/// <param name="Message">For a false rule: the message (messageExpression's result or the rule's message).</param>
/// <param name="EvaluationError">For a rule that could not be evaluated: the detail the API server prints.</param>
internal sealed record RuleOutcome(bool Passed, string? Message, string? EvaluationError)
{
    public static readonly RuleOutcome Pass = new(true, null, null);
}
