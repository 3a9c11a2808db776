namespace Mesh.Operator.Entities;

/// <summary>
/// Every <see cref="ConditionReasons"/> constant with the health it means and the condition type it is reported on.
/// config/argocd/mesh.dev/MeshPolicy/health.lua classifies reasons the same way; a test runs the Lua for every entry,
/// and another fails when a reason constant is missing here.
/// </summary>
public static class ConditionReasonHealth
{
    /// <summary>Reason -> (health, the condition type that carries it; null for reasons any type may carry).</summary>
    public static IReadOnlyDictionary<string, (ReasonHealth Health, string? ConditionType)> All { get; } =
        new Dictionary<string, (ReasonHealth, string?)>(StringComparer.Ordinal)
        {
            [ConditionReasons.Valid] = (ReasonHealth.Healthy, ConditionTypes.Accepted),
            [ConditionReasons.Invalid] = (ReasonHealth.Degraded, ConditionTypes.Accepted),
            [ConditionReasons.Conflict] = (ReasonHealth.Degraded, ConditionTypes.Accepted),
            [ConditionReasons.ReferenceNotFound] = (ReasonHealth.Degraded, ConditionTypes.Accepted),
            [ConditionReasons.Issued] = (ReasonHealth.Healthy, ConditionTypes.CertificatesReady),
            [ConditionReasons.Pending] = (ReasonHealth.Progressing, ConditionTypes.CertificatesReady),
            [ConditionReasons.IssuanceFailed] = (ReasonHealth.Degraded, ConditionTypes.CertificatesReady),
            [ConditionReasons.IssuerNotReady] = (ReasonHealth.Degraded, ConditionTypes.CertificatesReady),
            [ConditionReasons.NotRequired] = (ReasonHealth.Healthy, ConditionTypes.CertificatesReady),
            [ConditionReasons.UpToDate] = (ReasonHealth.Healthy, ConditionTypes.WorkloadsReady),
            // A rollout (restartOnChange) replaces them: wait.
            [ConditionReasons.SidecarOutdated] = (ReasonHealth.Progressing, ConditionTypes.WorkloadsReady),
            // Pods started before the policy or whose injection failed stay so until someone restarts them.
            [ConditionReasons.SidecarMissing] = (ReasonHealth.Degraded, ConditionTypes.WorkloadsReady),
            [ConditionReasons.NoWorkloads] = (ReasonHealth.Healthy, ConditionTypes.WorkloadsReady),
            // Pods selected by two policies run the older one's sidecar: the newer policy's author must act.
            [ConditionReasons.SelectedByOlderPolicy] = (ReasonHealth.Degraded, ConditionTypes.WorkloadsReady),
            // New pods cannot start their sidecar until the write is allowed: someone must lift the refusal.
            [ConditionReasons.BootstrapFailed] = (ReasonHealth.Degraded, ConditionTypes.WorkloadsReady),
            [ConditionReasons.Applied] = (ReasonHealth.Healthy, ConditionTypes.NetworkPoliciesReady),
            [ConditionReasons.Disabled] = (ReasonHealth.Healthy, ConditionTypes.NetworkPoliciesReady),
            [ConditionReasons.ApplyFailed] = (ReasonHealth.Degraded, ConditionTypes.NetworkPoliciesReady),
            [ConditionReasons.AllProxiesAcked] = (ReasonHealth.Healthy, ConditionTypes.Programmed),
            [ConditionReasons.ProxiesPending] = (ReasonHealth.Progressing, ConditionTypes.Programmed),
            [ConditionReasons.ProxyRejected] = (ReasonHealth.Degraded, ConditionTypes.Programmed),
            [ConditionReasons.NoProxies] = (ReasonHealth.Healthy, ConditionTypes.Programmed),
            [ConditionReasons.Ready] = (ReasonHealth.Healthy, ConditionTypes.Ready),
            [ConditionReasons.NotAccepted] = (ReasonHealth.Summary, ConditionTypes.Ready),
            [ConditionReasons.CertificatesNotReady] = (ReasonHealth.Summary, ConditionTypes.Ready),
            [ConditionReasons.WorkloadsNotReady] = (ReasonHealth.Summary, ConditionTypes.Ready),
            [ConditionReasons.NetworkPoliciesNotReady] = (ReasonHealth.Summary, ConditionTypes.Ready),
            [ConditionReasons.NotProgrammed] = (ReasonHealth.Summary, ConditionTypes.Ready),
            [ConditionReasons.Reconciling] = (ReasonHealth.Progressing, null),
            [ConditionReasons.Terminating] = (ReasonHealth.Progressing, null),
        };
}
