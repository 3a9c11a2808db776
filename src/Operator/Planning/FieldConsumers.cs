namespace Mesh.Operator.Planning;

/// <summary>
/// No field silently ignored: every leaf field of MeshPolicy's spec (as the CRD schema names it, arrays as <c>[]</c>)
/// -> the code that reads it and where its effect goes. A field that reaches sidecars but not proxyless gRPC also
/// names <c>ProxyCapabilityRule</c>, which warns in the policy's status. tests/Operator.Tests/Planning/
/// FieldConsumersTests walks config/crd/mesh.dev_meshpolicies.yaml against this table in both directions and checks
/// that every consumer type exists, so a new field without a consumer (or a stale entry) fails the build's tests.
/// </summary>
internal static class FieldConsumers
{
    private const string Services = "spec.services[]";
    private const string Routes = Services + ".routes[]";

    /// <summary>Field path -> consumers (type names in the operator or the xDS server) and how the field is used.</summary>
    public static IReadOnlyDictionary<string, FieldConsumer> Table { get; } = new Dictionary<string, FieldConsumer>(StringComparer.Ordinal)
    {
        ["spec.workloads.selector.matchLabels"] = new(["LabelSelectorMatcher", "GoverningPolicy"], "which pods the policy governs: planner and injector"),
        ["spec.workloads.selector.matchExpressions[].key"] = new(["LabelSelectorMatcher"], "selector expression"),
        ["spec.workloads.selector.matchExpressions[].operator"] = new(["LabelSelectorMatcher"], "selector expression"),
        ["spec.workloads.selector.matchExpressions[].values"] = new(["LabelSelectorMatcher"], "selector expression"),
        ["spec.workloads.sidecar.image"] = new(["SidecarTemplate"], "the injected proxy image"),
        ["spec.workloads.sidecar.resources.requests"] = new(["SidecarTemplate"], "the proxy container's requests"),
        ["spec.workloads.sidecar.resources.limits"] = new(["SidecarTemplate"], "the proxy container's limits"),
        ["spec.workloads.sidecar.native"] = new(["SidecarTemplate", "SidecarInjector"], "native sidecar (init container) or a regular one"),
        ["spec.workloads.restartOnChange"] = new(["WorkloadsStep"], "rolls workloads whose injected template is stale"),
        ["spec.mtls.mode"] = new(["MeshPlanner", "UpstreamTlsBuilder", "InboundListenerBuilder", "ProxylessServerListenerBuilder"], "client TLS and inbound chains, sidecar and proxyless"),
        ["spec.mtls.trustDomain"] = new(["ChildPlanner", "RbacPolicyBuilder"], "SPIFFE ids of certificates and RBAC principals"),
        ["spec.mtls.certificates.provider"] = new(["CertificateStep"], "built-in CA or cert-manager"),
        ["spec.mtls.certificates.issuerRef.name"] = new(["CertManagerCertificates"], "the cert-manager issuer"),
        ["spec.mtls.certificates.issuerRef.kind"] = new(["CertManagerCertificates"], "the cert-manager issuer"),
        ["spec.mtls.certificates.issuerRef.group"] = new(["CertManagerCertificates"], "the cert-manager issuer"),
        ["spec.mtls.certificates.duration"] = new(["WorkloadCertificateDecider", "CertManagerCertificates"], "certificate lifetime"),
        ["spec.mtls.certificates.renewBefore"] = new(["WorkloadCertificateDecider", "CertManagerCertificates"], "renewal time"),
        ["spec.defaultAuthorization"] = new(["ServiceModelBuilder", "RbacFilterBuilder", "NetworkPolicyCompiler"], "deny-all default: RBAC on sidecars and proxyless servers, NetworkPolicies"),
        [Services + ".name"] = new(["ServiceModelBuilder", "ServicesExistRule"], "the Kubernetes Service the entry configures"),
        [Services + ".ports[].port"] = new(["ProtocolResolver"], "the port whose protocol is declared"),
        [Services + ".ports[].protocol"] = new(["ProtocolResolver", "ProxyCapabilityRule"], "HTTP/gRPC or TCP chains; TCP hides methods and paths from RBAC (warned)"),
        [Services + ".subsets[].name"] = new(["ServiceModelBuilder", "ClusterBuilder"], "one cluster per subset"),
        [Services + ".subsets[].labels"] = new(["ServiceModelBuilder", "SubsetsSelectPodsRule"], "subset endpoints"),
        [Routes + ".name"] = new(["RouteModelBuilder"], "the route's name in RDS"),
        [Routes + ".match.headers[].name"] = new(["RouteModelBuilder", "RouteMatchBuilder"], "header matcher (string_match or the legacy form by ProxyCapabilities)"),
        [Routes + ".match.headers[].exact"] = new(["RouteModelBuilder", "RouteMatchBuilder"], "header matcher"),
        [Routes + ".match.headers[].prefix"] = new(["RouteModelBuilder", "RouteMatchBuilder"], "header matcher"),
        [Routes + ".match.headers[].regex"] = new(["RouteModelBuilder", "RouteMatchBuilder", "RegexRule"], "header matcher (RE2 checked)"),
        [Routes + ".match.headers[].present"] = new(["RouteModelBuilder", "RouteMatchBuilder"], "present_match (inverted for false)"),
        [Routes + ".match.path.exact"] = new(["RouteModelBuilder", "RouteMatchBuilder"], "path"),
        [Routes + ".match.path.prefix"] = new(["RouteModelBuilder", "RouteMatchBuilder"], "segment prefix (a regex for proxyless)"),
        [Routes + ".match.path.regex"] = new(["RouteModelBuilder", "RouteMatchBuilder", "RegexRule"], "safe_regex"),
        [Routes + ".match.methods"] = new(["RouteModelBuilder", "RouteMatchBuilder"], ":method header matcher"),
        [Routes + ".backends[].subset"] = new(["RouteModelBuilder", "RouteActionBuilder", "BackendReferencesRule"], "weighted clusters"),
        [Routes + ".backends[].service"] = new(["RouteModelBuilder", "RouteActionBuilder", "BackendReferencesRule"], "weighted clusters"),
        [Routes + ".backends[].port"] = new(["RouteModelBuilder", "RouteActionBuilder", "BackendReferencesRule"], "weighted clusters"),
        [Routes + ".backends[].weight"] = new(["RouteModelBuilder", "RouteActionBuilder"], "weighted clusters"),
        [Routes + ".timeout"] = new(["RouteModelBuilder", "RouteActionBuilder"], "timeout, and max_stream_duration for gRPC"),
        [Routes + ".retries.attempts"] = new(["RouteModelBuilder", "RouteActionBuilder"], "retry policy"),
        [Routes + ".retries.perTryTimeout"] = new(["RouteModelBuilder", "RouteActionBuilder", "ProxyCapabilityRule"], "sidecars only: gRPC ignores per_try_timeout (warned)"),
        [Routes + ".retries.retryOn"] = new(["RouteModelBuilder", "RouteActionBuilder"], "retry conditions"),
        [Routes + ".retries.budgetPercent"] = new(["RouteModelBuilder", "ClusterBuilder"], "retry budget on the cluster's circuit breaker"),
        [Routes + ".fault.delay.percent"] = new(["RouteModelBuilder", "RouteActionBuilder"], "HTTP fault filter, sidecar and proxyless"),
        [Routes + ".fault.delay.duration"] = new(["RouteModelBuilder", "RouteActionBuilder"], "HTTP fault filter"),
        [Routes + ".fault.abort.percent"] = new(["RouteModelBuilder", "RouteActionBuilder"], "HTTP fault filter"),
        [Routes + ".fault.abort.httpStatus"] = new(["RouteModelBuilder", "RouteActionBuilder"], "HTTP fault filter (gRPC maps it to a status)"),
        [Routes + ".fault.abort.grpcStatus"] = new(["RouteModelBuilder", "RouteActionBuilder"], "HTTP fault filter grpc_status, sidecar and proxyless"),
        [Routes + ".mirror.subset"] = new(["RouteModelBuilder", "RouteActionBuilder", "ProxyCapabilityRule"], "sidecars only: gRPC does not mirror (warned)"),
        [Routes + ".mirror.service"] = new(["RouteModelBuilder", "RouteActionBuilder", "ProxyCapabilityRule"], "sidecars only (warned)"),
        [Routes + ".mirror.port"] = new(["RouteModelBuilder", "RouteActionBuilder", "ProxyCapabilityRule"], "sidecars only (warned)"),
        [Routes + ".mirror.percent"] = new(["RouteModelBuilder", "RouteActionBuilder", "ProxyCapabilityRule"], "sidecars only (warned)"),
        [Services + ".loadBalancing.algorithm"] = new(["ServiceModelBuilder", "LoadBalancingPolicies", "ProxyCapabilityRule"], "LB policy; LeastRequest, Random and Maglev are round robin on gRPC (warned)"),
        [Services + ".loadBalancing.hashOn.header"] = new(["ServiceModelBuilder", "RouteActionBuilder"], "ring hash policy"),
        [Services + ".loadBalancing.hashOn.cookie"] = new(["ServiceModelBuilder", "RouteActionBuilder", "ProxyCapabilityRule"], "sidecars only: gRPC hashes on headers and channel id (warned)"),
        [Services + ".loadBalancing.hashOn.sourceIP"] = new(["ServiceModelBuilder", "RouteActionBuilder", "ProxyCapabilityRule"], "sidecars only (warned)"),
        [Services + ".loadBalancing.localityFailover"] = new(["ServiceModelBuilder", "EndpointBuilder"], "EDS priorities by locality"),
        [Services + ".circuitBreaker.maxConnections"] = new(["ServiceModelBuilder", "ClusterBuilder"], "cluster thresholds"),
        [Services + ".circuitBreaker.maxPendingRequests"] = new(["ServiceModelBuilder", "ClusterBuilder"], "cluster thresholds"),
        [Services + ".circuitBreaker.maxRequests"] = new(["ServiceModelBuilder", "ClusterBuilder"], "cluster thresholds (gRPC honours this one)"),
        [Services + ".circuitBreaker.maxRetries"] = new(["ServiceModelBuilder", "ClusterBuilder"], "cluster thresholds"),
        [Services + ".outlierDetection.consecutive5xx"] = new(["ServiceModelBuilder", "ClusterBuilder"], "outlier detection"),
        [Services + ".outlierDetection.interval"] = new(["ServiceModelBuilder", "ClusterBuilder"], "outlier detection"),
        [Services + ".outlierDetection.baseEjectionTime"] = new(["ServiceModelBuilder", "ClusterBuilder"], "outlier detection"),
        [Services + ".outlierDetection.maxEjectionPercent"] = new(["ServiceModelBuilder", "ClusterBuilder"], "outlier detection"),
        [Services + ".rateLimit.requestsPerSecond"] = new(["ServiceModelBuilder", "LocalRateLimitBuilder", "ProxyCapabilityRule"], "per-pod local rate limit; proxyless servers warned"),
        [Services + ".rateLimit.burst"] = new(["ServiceModelBuilder", "LocalRateLimitBuilder", "ProxyCapabilityRule"], "token bucket size"),
        [Services + ".authorization.action"] = new(["ServiceModelBuilder", "AuthorizationPlan", "ProxyCapabilityRule"], "Allow/Deny/Audit RBAC; Audit on proxyless warned"),
        [Services + ".authorization.rules[].from[].serviceAccount"] = new(["RbacPolicyBuilder", "NetworkPolicyCompiler"], "principals"),
        [Services + ".authorization.rules[].from[].namespace"] = new(["RbacPolicyBuilder", "NetworkPolicyCompiler"], "principals"),
        [Services + ".authorization.rules[].to[].methods"] = new(["RbacPolicyBuilder", "ProxyCapabilityRule"], "permissions; invisible on TCP ports (warned)"),
        [Services + ".authorization.rules[].to[].paths"] = new(["RbacPolicyBuilder", "ProxyCapabilityRule"], "permissions on the normalized url_path"),
        [Services + ".authorization.rules[].to[].ports"] = new(["RbacPolicyBuilder", "NetworkPolicyCompiler"], "permissions"),
        ["spec.networkPolicy.mode"] = new(["NetworkPolicyCompiler"], "NetworkPolicies generated or not"),
        ["spec.egress.mode"] = new(["MeshPlanner", "RouteBuilder", "EgressRules"], "AllowAny passthrough or RegistryOnly blackhole"),
        ["spec.egress.hosts[].host"] = new(["MeshPlanner", "ListenerBuilder", "ClusterBuilder"], "egress clusters and matches"),
        ["spec.egress.hosts[].port"] = new(["MeshPlanner", "ListenerBuilder", "ClusterBuilder"], "egress clusters and matches"),
        ["spec.egress.hosts[].protocol"] = new(["MeshPlanner", "ListenerBuilder"], "tcp_proxy, SNI or Host matching"),
        ["spec.egress.services"] = new(["MeshPlanner", "WorkloadIndex", "TranslationContext", "ProxyCapabilityRule", "EgressServicesRule"], "a sidecar's scope: the services it is configured for; proxyless pods, which subscribe by name, are named in a warning, and so is an entry naming a missing Service"),
        ["spec.observability.metrics.enabled"] = new(["IngressRules", "ProxyCapabilityRule"], "scrape port opened; proxyless pods warned"),
        ["spec.observability.accessLog.enabled"] = new(["ObservabilityModelBuilder", "TelemetryBuilder", "ProxyCapabilityRule"], "access log on sidecars; proxyless warned"),
        ["spec.observability.accessLog.format"] = new(["ObservabilityModelBuilder", "TelemetryBuilder"], "JSON or text"),
        ["spec.observability.tracing.enabled"] = new(["ObservabilityModelBuilder", "TelemetryBuilder", "ProxyCapabilityRule"], "tracing on sidecars; proxyless warned"),
        ["spec.observability.tracing.provider"] = new(["TelemetryBuilder"], "Zipkin, the only value the CRD admits, is the tracer written"),
        ["spec.observability.tracing.endpoint"] = new(["ObservabilityModelBuilder", "ProxyCapabilityRule"], "collector cluster; an invalid one warned"),
        ["spec.observability.tracing.samplingPercent"] = new(["ObservabilityModelBuilder", "TelemetryBuilder"], "random sampling"),
    };
}

/// <summary>Who reads one MeshPolicy field: type names (operator or xDS server) and a few words on the effect.</summary>
internal sealed record FieldConsumer(IReadOnlyList<string> Types, string How);
