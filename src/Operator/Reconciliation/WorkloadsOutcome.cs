using Mesh.Operator.Entities;

namespace Mesh.Operator.Reconciliation;

/// <summary>What the workloads step reports: the WorkloadsReady condition and status.workloads.</summary>
internal sealed record WorkloadsOutcome(StepOutcome Condition, WorkloadsStatus Counts);
