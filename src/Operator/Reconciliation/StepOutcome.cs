namespace Mesh.Operator.Reconciliation;

/// <summary>What one act step reports: its condition and when it next needs a look (certificate renewal, say).</summary>
internal sealed record StepOutcome(string Status, string Reason, string Message)
{
    public DateTimeOffset? RecheckAt { get; init; }

    /// <summary>status.workloads, reported by the step that owns WorkloadsReady; null for the others.</summary>
    public Entities.WorkloadsStatus? Workloads { get; init; }
}
