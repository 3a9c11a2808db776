namespace Mesh.Operator.Reconciliation;

/// <summary>The outcome of one act step, with the condition type it reports.</summary>
internal sealed record StepResult(string ConditionType, StepOutcome Outcome);
