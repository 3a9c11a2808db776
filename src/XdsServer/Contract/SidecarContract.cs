using System.Globalization;

namespace Mesh.XdsServer.Contract;

/// <summary>
/// Everything the injector, the bootstrap builder, the capture rules, the translator and the xDS server must agree on.
/// One place, so that a port or a path can never differ between the pod and the config it is sent. Values follow
/// Istio's where users know them (ports, UID 1337, node id format).
/// </summary>
public static class SidecarContract
{
    // ---- ports the proxy listens on (inside the pod) ----

    /// <summary>Envoy admin, bound to 127.0.0.1 only.</summary>
    public const int AdminPort = 15000;

    /// <summary>Outbound capture (<c>virtualOutbound</c>): the app's outbound TCP is redirected here.</summary>
    public const int OutboundCapturePort = 15001;

    /// <summary>Inbound capture (<c>virtualInbound</c>): TCP to the pod's ports is redirected here.</summary>
    public const int InboundCapturePort = 15006;

    /// <summary>Reserved for an agent (Istio's pilot-agent port); never captured.</summary>
    public const int AgentPort = 15020;

    /// <summary>Readiness: a static listener answering from admin <c>/ready</c>; also serves rewritten app probes.</summary>
    public const int HealthPort = 15021;

    /// <summary>Prometheus stats (admin <c>/stats/prometheus</c>).</summary>
    public const int StatsPort = 15090;

    /// <summary>Ports of the proxy itself: inbound traffic to them is never captured, and an app may not use them.</summary>
    public static IReadOnlyList<int> ReservedPorts { get; } =
        [AdminPort, OutboundCapturePort, InboundCapturePort, AgentPort, HealthPort, StatsPort];

    /// <summary>Path on <see cref="HealthPort"/> that reports the proxy ready.</summary>
    public const string ReadinessPath = "/healthz/ready";

    /// <summary>Prefix of a rewritten kubelet probe on <see cref="HealthPort"/>: <c>/app-health/&lt;container&gt;/&lt;kind&gt;z</c>.</summary>
    public const string AppHealthPrefix = "/app-health/";

    // ---- the proxy process ----

    /// <summary>UID and GID the proxy runs as; the capture rules let this UID's traffic through uncaptured.</summary>
    public const long ProxyUid = 1337;

    /// <inheritdoc cref="ProxyUid"/>
    public const long ProxyGid = 1337;

    /// <summary>The pinned Envoy image used when <c>spec.workloads.sidecar.image</c> is empty.</summary>
    public const string DefaultProxyImage = "envoyproxy/envoy:v1.32.3";

    /// <summary>The injected proxy container's name.</summary>
    public const string ProxyContainerName = "mesh-proxy";

    /// <summary>The capture init container's name.</summary>
    public const string CaptureContainerName = "mesh-init";

    /// <summary>The operator's own image, whose <c>mesh-operator capture</c> installs the iptables rules.</summary>
    public const string DefaultOperatorImage = "ghcr.io/mesh-dev/mesh-operator:0.1.0";

    /// <summary>The subcommand of <c>mesh-operator</c> that installs the capture rules.</summary>
    public const string CaptureCommand = "capture";

    /// <summary>Seconds Envoy drains listeners before it stops (preStop and --drain-time-s).</summary>
    public const int DrainSeconds = 5;

    // ---- files mounted into the proxy ----

    /// <summary>Where the workload certificate Secret (kubernetes.io/tls keys plus ca.crt) is mounted.</summary>
    public const string CertificateDirectory = "/var/run/mesh/certs";

    /// <summary>File names inside <see cref="CertificateDirectory"/>.</summary>
    public const string CertificateFile = "tls.crt";

    /// <inheritdoc cref="CertificateFile"/>
    public const string PrivateKeyFile = "tls.key";

    /// <inheritdoc cref="CertificateFile"/>
    public const string TrustBundleFile = "ca.crt";

    /// <summary>Where the namespace's bootstrap ConfigMap is mounted, and the file in it.</summary>
    public const string BootstrapDirectory = "/etc/mesh/bootstrap";

    /// <inheritdoc cref="BootstrapDirectory"/>
    public const string BootstrapFile = "bootstrap.json";

    /// <summary>The full bootstrap path Envoy is started with (<c>-c</c>).</summary>
    public const string BootstrapPath = BootstrapDirectory + "/" + BootstrapFile;

    /// <summary>Name of the per-namespace bootstrap ConfigMap (one object serves every pod of the namespace).</summary>
    public const string BootstrapConfigMap = "mesh-sidecar-bootstrap";

    /// <summary>SDS name of the workload certificate (Istio's name).</summary>
    public const string WorkloadCertificateSecret = "default";

    /// <summary>SDS name of the trust bundle (Istio's name).</summary>
    public const string TrustBundleSecret = "ROOTCA";

    // ---- labels and annotations ----

    /// <summary>Pod label set by the injector: callers reach the pod over mTLS (Istio's security.istio.io/tlsMode).</summary>
    public const string TlsModeLabel = "mesh.dev/tls-mode";

    /// <summary>The <see cref="TlsModeLabel"/> value of a pod running the sidecar.</summary>
    public const string TlsModeMesh = "mesh";

    /// <summary>Pod annotation: <c>"false"</c> opts a pod out of injection.</summary>
    public const string InjectAnnotation = "sidecar.mesh.dev/inject";

    /// <summary>Pod annotation holding the hash of everything injected (WorkloadsReady compares it with the current one).</summary>
    public const string TemplateHashAnnotation = "sidecar.mesh.dev/template-hash";

    /// <summary>Pod annotation naming the MeshPolicy whose sidecar was injected.</summary>
    public const string PolicyAnnotation = "sidecar.mesh.dev/policy";

    /// <summary>Capture annotations (comma-separated lists; <c>*</c> = all), as Istio's traffic.sidecar.istio.io/*.</summary>
    public const string IncludeInboundPortsAnnotation = "traffic.mesh.dev/includeInboundPorts";

    /// <inheritdoc cref="IncludeInboundPortsAnnotation"/>
    public const string ExcludeInboundPortsAnnotation = "traffic.mesh.dev/excludeInboundPorts";

    /// <inheritdoc cref="IncludeInboundPortsAnnotation"/>
    public const string ExcludeOutboundPortsAnnotation = "traffic.mesh.dev/excludeOutboundPorts";

    /// <inheritdoc cref="IncludeInboundPortsAnnotation"/>
    public const string IncludeOutboundIpRangesAnnotation = "traffic.mesh.dev/includeOutboundIPRanges";

    /// <inheritdoc cref="IncludeInboundPortsAnnotation"/>
    public const string ExcludeOutboundIpRangesAnnotation = "traffic.mesh.dev/excludeOutboundIPRanges";

    /// <summary>Flags of <c>mesh-operator capture</c> (the injector writes them, the capture command reads them).</summary>
    public static class CaptureFlags
    {
        public const string ProxyUid = "--proxy-uid";
        public const string InboundPort = "--inbound-port";
        public const string OutboundPort = "--outbound-port";
        public const string IncludeInboundPorts = "--include-inbound-ports";
        public const string ExcludeInboundPorts = "--exclude-inbound-ports";
        public const string ExcludeOutboundPorts = "--exclude-outbound-ports";
        public const string IncludeOutboundIpRanges = "--include-outbound-ip-ranges";
        public const string ExcludeOutboundIpRanges = "--exclude-outbound-ip-ranges";
        public const string DryRun = "--dry-run";
    }

    // ---- the control plane the proxy talks to ----

    /// <summary>The operator's namespace in cluster mode.</summary>
    public const string ControlPlaneNamespace = "mesh-system";

    /// <summary>The Service in front of every operator replica's xDS ports.</summary>
    public const string XdsServiceName = "mesh-xds";

    /// <summary>The Service in front of the operator's admission webhook.</summary>
    public const string WebhookServiceName = "mesh-webhook";

    /// <summary>Plaintext ADS for proxyless gRPC clients only (never secrets).</summary>
    public const int XdsPlaintextPort = 15010;

    /// <summary>mTLS ADS for sidecars: the client certificate's SPIFFE identity must match the node's pod.</summary>
    public const int XdsTlsPort = 15012;

    /// <summary>The webhook Service port (the API server's default) and the container port behind it.</summary>
    public const int WebhookServicePort = 443;

    /// <inheritdoc cref="WebhookServicePort"/>
    public const int WebhookContainerPort = 9443;

    /// <summary>Names of the admission configurations and of their webhooks.</summary>
    public const string InjectorConfigurationName = "mesh-sidecar-injector";

    /// <inheritdoc cref="InjectorConfigurationName"/>
    public const string InjectorWebhookName = "sidecar-injector.mesh.dev";

    /// <inheritdoc cref="InjectorConfigurationName"/>
    public const string InjectorPath = "/inject";

    /// <inheritdoc cref="InjectorConfigurationName"/>
    public const string ValidatorConfigurationName = "mesh-policy-validator";

    /// <inheritdoc cref="InjectorConfigurationName"/>
    public const string ValidatorWebhookName = "meshpolicy-validator.mesh.dev";

    /// <inheritdoc cref="InjectorConfigurationName"/>
    public const string ValidatorPath = "/validate-meshpolicy";

    /// <summary>The xDS Service's DNS name, the one the bootstrap dials and the server certificate carries.</summary>
    public static string XdsHost(string controlPlaneNamespace = ControlPlaneNamespace) => $"{XdsServiceName}.{controlPlaneNamespace}.svc";

    /// <summary>The node id of a sidecar: <c>sidecar~&lt;podIP&gt;~&lt;pod&gt;.&lt;ns&gt;~&lt;ns&gt;.svc.cluster.local</c>.</summary>
    public static string NodeId(string podIp, string pod, string @namespace) =>
        string.Create(CultureInfo.InvariantCulture, $"sidecar~{podIp}~{pod}.{@namespace}~{@namespace}.svc.cluster.local");

    /// <summary>The same node id written with the downward-API variables the kubelet expands in the proxy's args.</summary>
    public const string NodeIdFromEnvironment = "sidecar~$(POD_IP)~$(POD_NAME).$(POD_NAMESPACE)~$(POD_NAMESPACE).svc.cluster.local";

    // ---- bootstrap files and app probes (appended by the bootstrap/capture work) ----

    /// <summary>
    /// Pod annotation written by the injector: the kubelet probes it rewrote, as JSON
    /// <c>{"/app-health/&lt;container&gt;/&lt;kind&gt;z": {"port": 8080, "path": "/healthz", "scheme": "HTTP"}}</c>
    /// (the rewritten path on <see cref="HealthPort"/> -> the original httpGet probe).
    /// </summary>
    public const string AppProbersAnnotation = "sidecar.mesh.dev/app-probers";

    /// <summary>File in <see cref="BootstrapDirectory"/> holding the file-based SDS resource for <see cref="WorkloadCertificateSecret"/>.</summary>
    public const string CertificateSdsFile = "sds-certificate.json";

    /// <summary>File in <see cref="BootstrapDirectory"/> holding the file-based SDS resource for <see cref="TrustBundleSecret"/>.</summary>
    public const string TrustBundleSdsFile = "sds-trust-bundle.json";

    /// <summary>The operator's ServiceAccount: the xDS server's SPIFFE identity is <c>spiffe://&lt;td&gt;/ns/mesh-system/sa/mesh-operator</c>.</summary>
    public const string OperatorServiceAccount = "mesh-operator";

    // ---- appended by the injector ----

    /// <summary>Namespace label of the stricter install (failurePolicy Fail): only namespaces labelled <c>enabled</c> are sent to the webhook.</summary>
    public const string InjectionNamespaceLabel = "mesh.dev/injection";

    /// <summary>The webhook server certificate's DNS name (the Service name the API server dials).</summary>
    public static string WebhookHost(string controlPlaneNamespace = ControlPlaneNamespace) => $"{WebhookServiceName}.{controlPlaneNamespace}.svc";

    /// <summary>gRFC A36: the Listener a proxyless gRPC server subscribes to (its bootstrap's
    /// server_listener_resource_name_template); <c>%s</c> becomes the address it bound, as <c>host:port</c>.</summary>
    public const string ProxylessServerListenerTemplate = "xds.mesh.dev/grpc/lds/inbound/%s";

    /// <summary>Pod annotation choosing the proxy kind; <see cref="ProxyModeProxylessGrpc"/> means a gRPC xDS bootstrap
    /// and no Envoy (and the planner names the fields such pods cannot honour).</summary>
    public const string ProxyModeAnnotation = "proxy.mesh.dev/mode";

    /// <inheritdoc cref="ProxyModeAnnotation"/>
    public const string ProxyModeProxylessGrpc = "proxyless-grpc";
}
