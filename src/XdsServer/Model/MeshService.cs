namespace Mesh.XdsServer.Model;

/// <summary>One Kubernetes Service as the mesh sees it, with the traffic policy its MeshPolicy gives it.</summary>
public sealed record MeshService
{
    /// <summary>Service name (required).</summary>
    public required string Name { get; init; }

    /// <summary>Service namespace (required).</summary>
    public required string Namespace { get; init; }

    /// <summary>DNS suffix of the cluster. Default <c>cluster.local</c>.</summary>
    public string ClusterDomain { get; init; } = "cluster.local";

    /// <summary>The fully qualified host, <c>&lt;svc&gt;.&lt;ns&gt;.svc.&lt;clusterDomain&gt;</c>.</summary>
    public string Host => $"{Name}.{Namespace}.svc.{ClusterDomain}";

    /// <summary>The reference to this service.</summary>
    public ServiceRef Ref => new(Namespace, Name);

    /// <summary>The ClusterIP; null (or Kubernetes' <c>None</c>) for headless services, whose TCP ports then get no
    /// outbound listener on sidecars.</summary>
    public string? ClusterIp { get; init; }

    /// <summary><see cref="ClusterIp"/> when it is an address, else null.</summary>
    public string? VirtualIp => ClusterIp is { Length: > 0 } ip && ip != "None" ? ip : null;

    /// <summary>The Kubernetes Service selector; a sidecar whose pod labels contain it serves this service inbound. Default none.</summary>
    public IReadOnlyDictionary<string, string> Selector { get; init; } = new Dictionary<string, string>();

    /// <summary>Ports, each with an explicit protocol. Default none.</summary>
    public IReadOnlyList<ServicePort> Ports { get; init; } = [];

    /// <summary>Named subsets (label selections of the endpoints). Default none.</summary>
    public IReadOnlyList<ServiceSubset> Subsets { get; init; } = [];

    /// <summary>Endpoints from the EndpointSlices, ready or not (the translator uses ready ones only). Default none.</summary>
    public IReadOnlyList<ServiceEndpoint> Endpoints { get; init; } = [];

    /// <summary>HTTP routes, evaluated in order, first match wins; they apply to every HTTP/HTTP2/GRPC port. Default none:
    /// one route to the whole service.</summary>
    public IReadOnlyList<MeshRoute> Routes { get; init; } = [];

    /// <summary>Load balancing. Default round robin, no locality failover.</summary>
    public LoadBalancingPolicy LoadBalancing { get; init; } = new();

    /// <summary>Circuit breaker thresholds. Null = Envoy defaults (1024 connections/pending/requests, 3 retries).</summary>
    public CircuitBreakerPolicy? CircuitBreaker { get; init; }

    /// <summary>Outlier detection. Null = off (and then locality failover is not applied, as in Istio).</summary>
    public OutlierDetectionPolicy? OutlierDetection { get; init; }

    /// <summary>Local rate limit enforced by each serving sidecar (per pod). Null = none.</summary>
    public RateLimitPolicy? RateLimit { get; init; }

    /// <summary>Authorization enforced by the serving proxies (sidecars and proxyless gRPC servers). Null =
    /// <see cref="DefaultAuthorization"/> alone decides.</summary>
    public AuthorizationPolicy? Authorization { get; init; }

    /// <summary>The policy's decision for requests no Allow rule covers; ignored when <see cref="Authorization"/> is an
    /// Allow policy. Default AllowAll.</summary>
    public DefaultAuthorization DefaultAuthorization { get; init; } = DefaultAuthorization.AllowAll;

    /// <summary>Inbound mTLS mode of the serving sidecars. Default Permissive.</summary>
    public MtlsMode Mtls { get; init; } = MtlsMode.Permissive;

    /// <summary>SPIFFE trust domain of the workloads behind the service (their policy's). Null: the model's.</summary>
    public string? TrustDomain { get; init; }

    /// <summary>Service accounts of the workloads behind the service (the SPIFFE SANs a client should expect). Default none.</summary>
    public IReadOnlyList<string> ServiceAccounts { get; init; } = [];

    /// <summary>The MeshPolicy governing the service, as <c>namespace/name</c>; null when none does.</summary>
    public string? Policy { get; init; }

    /// <summary>The MeshPolicy field this service came from, e.g. <c>spec.services[0]</c>; null when not from a policy.</summary>
    public string? SourceField { get; init; }
}
