namespace Mesh.LocalCluster.Admission.Policies;

/// <summary>A failed validation (or an expression that could not be evaluated under failurePolicy Fail).</summary>
/// <param name="Reason">The Status reason a denial carries: Invalid unless the validation names another.</param>
internal sealed record PolicyDecision(string Message, string Reason);
