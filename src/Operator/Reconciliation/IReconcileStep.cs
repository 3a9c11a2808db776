namespace Mesh.Operator.Reconciliation;

/// <summary>
/// One act step of the MeshPolicy reconcile: it owns one condition type and applies one kind of child from the plan.
/// A new child kind is a new step registered in <see cref="MeshPolicyControllerSetup"/>, not edits across the
/// reconciler and the status builder. Steps run in registration order; each returns its condition (it should not
/// throw for expected failures: report them as a False condition with a reason instead).
/// </summary>
internal interface IReconcileStep
{
    /// <summary>The condition type this step reports (e.g. <c>CertificatesReady</c>); unique among the steps.</summary>
    string ConditionType { get; }

    /// <summary>Applies what the plan wants for this step's children and reports the condition.</summary>
    Task<StepOutcome> RunAsync(StepContext context, CancellationToken ct);

    /// <summary>
    /// A hash of everything <see cref="RunAsync"/> reads (desired children, observed children by resourceVersion, the
    /// policy fields it uses), or null to run every time. When it equals the hash of the last successful run for the
    /// same policy and that run's <see cref="StepOutcome.RecheckAt"/> has not come, the reconciler reuses that run's
    /// outcome instead of running the step: level-based, whatever event woke the reconcile.
    /// </summary>
    string? InputHash(StepContext context) => null;
}
