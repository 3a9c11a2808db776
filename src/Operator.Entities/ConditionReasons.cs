namespace Mesh.Operator.Entities;

/// <summary>The reasons of MeshPolicy conditions, UpperCamelCase. Each one names the condition types it is used with.</summary>
public static class ConditionReasons
{
    /// <summary>Accepted=True: the spec is valid.</summary>
    public const string Valid = "Valid";

    /// <summary>Accepted=False: the spec is invalid; the message names the field path and the fix.</summary>
    public const string Invalid = "Invalid";

    /// <summary>Accepted=False: an older MeshPolicy governs one of the listed Services; the message names it.</summary>
    public const string Conflict = "Conflict";

    /// <summary>Accepted=False: the spec refers to something missing (a Service, an issuer); the message names it.</summary>
    public const string ReferenceNotFound = "ReferenceNotFound";

    /// <summary>CertificatesReady=True: every certificate is issued and valid.</summary>
    public const string Issued = "Issued";

    /// <summary>CertificatesReady=False or Unknown: issuance is in progress.</summary>
    public const string Pending = "Pending";

    /// <summary>CertificatesReady=False: the issuer refused or failed; the message says why.</summary>
    public const string IssuanceFailed = "IssuanceFailed";

    /// <summary>CertificatesReady=False: the referenced issuer is not Ready.</summary>
    public const string IssuerNotReady = "IssuerNotReady";

    /// <summary>
    /// CertificatesReady=True: no selected workload needs a certificate (the selector picks no pod yet). Every selected
    /// workload gets one whatever spec.mtls.mode says: its proxy uses it for the mTLS connection to the control plane.
    /// </summary>
    public const string NotRequired = "NotRequired";

    /// <summary>WorkloadsReady=True: every selected pod runs the current sidecar.</summary>
    public const string UpToDate = "UpToDate";

    /// <summary>WorkloadsReady=False: some pods run an older sidecar template; the message names them.</summary>
    public const string SidecarOutdated = "SidecarOutdated";

    /// <summary>WorkloadsReady=False: some selected pods have no sidecar (started before the policy, or injection failed).</summary>
    public const string SidecarMissing = "SidecarMissing";

    /// <summary>
    /// WorkloadsReady=False: some pods the selector selects are also selected by an older MeshPolicy of the namespace,
    /// whose sidecar they run; the message names them and the older policy (narrow one of the selectors).
    /// </summary>
    public const string SelectedByOlderPolicy = "SelectedByOlderPolicy";

    /// <summary>WorkloadsReady=True: the selector selects no pod (reported in the message).</summary>
    public const string NoWorkloads = "NoWorkloads";

    /// <summary>
    /// WorkloadsReady=False: the API refused the namespace's sidecar bootstrap ConfigMap, which every injected proxy
    /// mounts; the message names it and gives the API's words (an admission policy, a quota). Retried.
    /// </summary>
    public const string BootstrapFailed = "BootstrapFailed";

    /// <summary>NetworkPoliciesReady=True: the NetworkPolicies are applied.</summary>
    public const string Applied = "Applied";

    /// <summary>NetworkPoliciesReady=True: networkPolicy.mode is Disabled.</summary>
    public const string Disabled = "Disabled";

    /// <summary>NetworkPoliciesReady=False: writing a NetworkPolicy failed; the message says why.</summary>
    public const string ApplyFailed = "ApplyFailed";

    /// <summary>Programmed=True: every connected proxy ACKed the current configuration.</summary>
    public const string AllProxiesAcked = "AllProxiesAcked";

    /// <summary>Programmed=False: some proxies have not answered yet.</summary>
    public const string ProxiesPending = "ProxiesPending";

    /// <summary>Programmed=False: a proxy NACKed the configuration; see status.lastRejection.</summary>
    public const string ProxyRejected = "ProxyRejected";

    /// <summary>Programmed=True: no proxy is connected, so nothing waits (reported in the message).</summary>
    public const string NoProxies = "NoProxies";

    /// <summary>Ready=True: all other conditions are True.</summary>
    public const string Ready = "Ready";

    /// <summary>Ready=False: Accepted is not True.</summary>
    public const string NotAccepted = "NotAccepted";

    /// <summary>Ready=False: CertificatesReady is not True.</summary>
    public const string CertificatesNotReady = "CertificatesNotReady";

    /// <summary>Ready=False: WorkloadsReady is not True.</summary>
    public const string WorkloadsNotReady = "WorkloadsNotReady";

    /// <summary>Ready=False: NetworkPoliciesReady is not True.</summary>
    public const string NetworkPoliciesNotReady = "NetworkPoliciesNotReady";

    /// <summary>Ready=False: Programmed is not True.</summary>
    public const string NotProgrammed = "NotProgrammed";

    /// <summary>Any type, Unknown: the operator has not evaluated it yet.</summary>
    public const string Reconciling = "Reconciling";

    /// <summary>Any type: the policy is being deleted; what it generated is being removed.</summary>
    public const string Terminating = "Terminating";
}
