using k8s.Models;

namespace Mesh.Operator.Entities;

/// <summary>
/// The documented defaults of the MeshPolicy API, resolved at read time. The operator never writes them into spec
/// (that would fight GitOps tools); every consumer asks here instead of repeating a literal.
/// </summary>
public static class MeshPolicyDefaults
{
    /// <summary>Default <see cref="MtlsSpec.TrustDomain"/>.</summary>
    public const string TrustDomain = "cluster.local";

    /// <summary>Default <see cref="CertificatesSpec.Duration"/>: 24h.</summary>
    public static readonly TimeSpan CertificateDuration = TimeSpan.FromHours(24);

    /// <summary>Default <see cref="IssuerReference.Group"/>.</summary>
    public const string IssuerGroup = "cert-manager.io";

    /// <summary>Default sidecar CPU request.</summary>
    public const string SidecarCpuRequest = "50m";

    /// <summary>Default sidecar memory request.</summary>
    public const string SidecarMemoryRequest = "64Mi";

    /// <summary>Default <see cref="RetryPolicy.Attempts"/>.</summary>
    public const int RetryAttempts = 2;

    /// <summary>Default <see cref="RetryPolicy.BudgetPercent"/>.</summary>
    public const int RetryBudgetPercent = 20;

    /// <summary>Default <see cref="CircuitBreakerPolicy.MaxConnections"/> (Envoy's).</summary>
    public const int MaxConnections = 1024;

    /// <summary>Default <see cref="CircuitBreakerPolicy.MaxPendingRequests"/> (Envoy's).</summary>
    public const int MaxPendingRequests = 1024;

    /// <summary>Default <see cref="CircuitBreakerPolicy.MaxRequests"/> (Envoy's).</summary>
    public const int MaxRequests = 1024;

    /// <summary>Default <see cref="CircuitBreakerPolicy.MaxRetries"/> (Envoy's).</summary>
    public const int MaxRetries = 3;

    /// <summary>Default <see cref="OutlierDetectionPolicy.Consecutive5xx"/> (Envoy's).</summary>
    public const int Consecutive5xx = 5;

    /// <summary>Default <see cref="OutlierDetectionPolicy.Interval"/> (Envoy's).</summary>
    public static readonly TimeSpan OutlierInterval = TimeSpan.FromSeconds(10);

    /// <summary>Default <see cref="OutlierDetectionPolicy.BaseEjectionTime"/> (Envoy's).</summary>
    public static readonly TimeSpan BaseEjectionTime = TimeSpan.FromSeconds(30);

    /// <summary>Default <see cref="OutlierDetectionPolicy.MaxEjectionPercent"/> (Envoy's).</summary>
    public const int MaxEjectionPercent = 10;

    /// <summary>Default <see cref="MirrorPolicy.Percent"/>.</summary>
    public const int MirrorPercent = 100;

    /// <summary>Default <see cref="TracingSpec.SamplingPercent"/>.</summary>
    public const double TracingSamplingPercent = 1;

    /// <summary>The mTLS mode.</summary>
    public static MtlsMode MtlsModeOf(MeshPolicySpec spec) => Spec(spec).Mtls?.Mode ?? MtlsMode.Permissive;

    /// <summary>The SPIFFE trust domain.</summary>
    public static string TrustDomainOf(MeshPolicySpec spec) =>
        Spec(spec).Mtls?.TrustDomain is { Length: > 0 } domain ? domain : TrustDomain;

    /// <summary>The certificate provider.</summary>
    public static CertificateProvider CertificateProviderOf(MeshPolicySpec spec) =>
        Spec(spec).Mtls?.Certificates?.Provider ?? CertificateProvider.BuiltIn;

    /// <summary>The certificate lifetime. Throws FormatException naming the field when it does not parse (the CRD's CEL rule refuses that first).</summary>
    public static TimeSpan CertificateDurationOf(MeshPolicySpec spec) =>
        Spec(spec).Mtls?.Certificates?.Duration is { } text
            ? GoDuration.Parse(text, "spec.mtls.certificates.duration")
            : CertificateDuration;

    /// <summary>How long before expiry certificates are renewed: the given value, else half of the lifetime.</summary>
    public static TimeSpan CertificateRenewBeforeOf(MeshPolicySpec spec) =>
        Spec(spec).Mtls?.Certificates?.RenewBefore is { } text
            ? GoDuration.Parse(text, "spec.mtls.certificates.renewBefore")
            : CertificateDurationOf(spec) / 2;

    /// <summary>The issuer kind of a cert-manager issuer reference.</summary>
    public static IssuerKind KindOf(IssuerReference issuerRef) => Arg(issuerRef).Kind ?? IssuerKind.Issuer;

    /// <summary>The API group of a cert-manager issuer reference.</summary>
    public static string GroupOf(IssuerReference issuerRef) =>
        Arg(issuerRef).Group is { Length: > 0 } group ? group : IssuerGroup;

    /// <summary>The decision for requests no rule decides.</summary>
    public static DefaultAuthorization DefaultAuthorizationOf(MeshPolicySpec spec) =>
        Spec(spec).DefaultAuthorization ?? DefaultAuthorization.AllowAll;

    /// <summary>Whether NetworkPolicies are generated.</summary>
    public static NetworkPolicyMode NetworkPolicyModeOf(MeshPolicySpec spec) =>
        Spec(spec).NetworkPolicy?.Mode ?? NetworkPolicyMode.Enforce;

    /// <summary>The egress mode.</summary>
    public static EgressMode EgressModeOf(MeshPolicySpec spec) => Spec(spec).Egress?.Mode ?? EgressMode.AllowAny;

    /// <summary>The protocol of an egress host.</summary>
    public static EgressProtocol ProtocolOf(EgressHost host) => Arg(host).Protocol ?? EgressProtocol.TLS;

    /// <summary>The workload selector; an empty selector (every pod of the namespace) when none is given.</summary>
    public static LabelSelector SelectorOf(MeshPolicySpec spec) => Spec(spec).Workloads?.Selector ?? new LabelSelector();

    /// <summary>Whether the sidecar is injected as a native sidecar.</summary>
    public static bool NativeSidecarOf(MeshPolicySpec spec) => Spec(spec).Workloads?.Sidecar?.Native ?? true;

    /// <summary>Whether selected Deployments are rolled when the injected template changes.</summary>
    public static bool RestartOnChangeOf(MeshPolicySpec spec) => Spec(spec).Workloads?.RestartOnChange ?? false;

    /// <summary>The sidecar image, or <paramref name="operatorDefault"/> (the operator's pinned Envoy) when none is given.</summary>
    public static string SidecarImageOf(MeshPolicySpec spec, string operatorDefault) =>
        Spec(spec).Workloads?.Sidecar?.Image is { Length: > 0 } image ? image : operatorDefault;

    /// <summary>The sidecar's resource requests: the given ones, with cpu and memory defaulted when absent.</summary>
    public static IReadOnlyDictionary<string, ResourceQuantity> SidecarRequestsOf(MeshPolicySpec spec)
    {
        var requests = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal)
        {
            ["cpu"] = new(SidecarCpuRequest),
            ["memory"] = new(SidecarMemoryRequest),
        };
        foreach (var (name, quantity) in Spec(spec).Workloads?.Sidecar?.Resources?.Requests ?? new Dictionary<string, ResourceQuantity>())
        {
            requests[name] = quantity;
        }

        return requests;
    }

    /// <summary>The load balancing algorithm of a Service.</summary>
    public static LoadBalancingAlgorithm AlgorithmOf(ServicePolicy service) =>
        Arg(service).LoadBalancing?.Algorithm ?? LoadBalancingAlgorithm.RoundRobin;

    /// <summary>Whether locality failover is on for a Service.</summary>
    public static bool LocalityFailoverOf(ServicePolicy service) => Arg(service).LoadBalancing?.LocalityFailover ?? true;

    /// <summary>The circuit breaker of a Service with every threshold filled in.</summary>
    public static CircuitBreakerPolicy CircuitBreakerOf(ServicePolicy service)
    {
        var given = Arg(service).CircuitBreaker;
        return new CircuitBreakerPolicy
        {
            MaxConnections = given?.MaxConnections ?? MaxConnections,
            MaxPendingRequests = given?.MaxPendingRequests ?? MaxPendingRequests,
            MaxRequests = given?.MaxRequests ?? MaxRequests,
            MaxRetries = given?.MaxRetries ?? MaxRetries,
        };
    }

    /// <summary>The outlier detection of a Service with every field filled in, or null when the Service has none.</summary>
    public static ResolvedOutlierDetection? OutlierDetectionOf(ServicePolicy service)
    {
        if (Arg(service).OutlierDetection is not { } given)
        {
            return null;
        }

        return new ResolvedOutlierDetection(
            given.Consecutive5xx ?? Consecutive5xx,
            given.Interval is { } interval ? GoDuration.Parse(interval, "outlierDetection.interval") : OutlierInterval,
            given.BaseEjectionTime is { } ejection ? GoDuration.Parse(ejection, "outlierDetection.baseEjectionTime") : BaseEjectionTime,
            given.MaxEjectionPercent ?? MaxEjectionPercent);
    }

    /// <summary>The route timeout, or null when requests have none (absent or <c>0s</c>).</summary>
    public static TimeSpan? TimeoutOf(RouteRule route, string fieldPath)
    {
        if (Arg(route).Timeout is not { } text)
        {
            return null;
        }

        var timeout = GoDuration.Parse(text, fieldPath + ".timeout");
        return timeout == TimeSpan.Zero ? null : timeout;
    }

    /// <summary>The retry attempts after the first.</summary>
    public static int AttemptsOf(RetryPolicy retries) => Arg(retries).Attempts ?? RetryAttempts;

    /// <summary>The failures that trigger a retry.</summary>
    public static IReadOnlyList<string> RetryOnOf(RetryPolicy retries) =>
        Arg(retries).RetryOn is { Count: > 0 } on ? [.. on] : RetryConditions.Defaults;

    /// <summary>The retry budget in percent of active requests.</summary>
    public static int BudgetPercentOf(RetryPolicy retries) => Arg(retries).BudgetPercent ?? RetryBudgetPercent;

    /// <summary>The weight of a backend: its own, or 100 for the single backend of a route.</summary>
    public static int WeightOf(RouteRule route, RouteBackend backend) =>
        Arg(backend).Weight ?? (Arg(route).Backends.Count == 1 ? 100 : 0);

    /// <summary>The share of requests mirrored.</summary>
    public static int PercentOf(MirrorPolicy mirror) => Arg(mirror).Percent ?? MirrorPercent;

    /// <summary>The rate limit's bucket size.</summary>
    public static int BurstOf(RateLimitPolicy rateLimit) => Arg(rateLimit).Burst ?? rateLimit.RequestsPerSecond;

    /// <summary>The action of an authorization policy.</summary>
    public static AuthorizationAction ActionOf(AuthorizationPolicy authorization) =>
        Arg(authorization).Action ?? AuthorizationAction.Allow;

    /// <summary>Whether sidecar metrics are exposed.</summary>
    public static bool MetricsEnabledOf(MeshPolicySpec spec) => Spec(spec).Observability?.Metrics?.Enabled ?? true;

    /// <summary>Whether access logs are written.</summary>
    public static bool AccessLogEnabledOf(MeshPolicySpec spec) => Spec(spec).Observability?.AccessLog?.Enabled ?? false;

    /// <summary>The access log format.</summary>
    public static AccessLogFormat AccessLogFormatOf(MeshPolicySpec spec) =>
        Spec(spec).Observability?.AccessLog?.Format ?? AccessLogFormat.Json;

    /// <summary>Whether spans are sent.</summary>
    public static bool TracingEnabledOf(MeshPolicySpec spec) => Spec(spec).Observability?.Tracing?.Enabled ?? false;

    /// <summary>The tracing provider.</summary>
    public static TracingProvider TracingProviderOf(MeshPolicySpec spec) =>
        Spec(spec).Observability?.Tracing?.Provider ?? TracingProvider.Zipkin;

    /// <summary>The share of requests traced, in percent.</summary>
    public static double SamplingPercentOf(MeshPolicySpec spec) =>
        Spec(spec).Observability?.Tracing?.SamplingPercent ?? TracingSamplingPercent;

    private static MeshPolicySpec Spec(MeshPolicySpec spec) => Arg(spec);

    private static T Arg<T>(T value)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(value);
        return value;
    }
}
