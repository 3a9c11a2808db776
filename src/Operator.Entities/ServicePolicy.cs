using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>Traffic policy of one Kubernetes Service in the policy's namespace. A Service is governed by at most one MeshPolicy.</summary>
[CelRule("!has(self.subsets) || self.subsets.all(s, self.subsets.exists_one(o, o.name == s.name))",
    "subset names must be unique within a service",
    FieldPath = ".subsets", Name = "subset-names-unique")]
[CelRule("!has(self.routes) || self.routes.all(r, self.routes.exists_one(o, o.name == r.name))",
    "route names must be unique within a service",
    FieldPath = ".routes", Name = "route-names-unique")]
[CelRule("!has(self.ports) || self.ports.all(p, self.ports.exists_one(o, o.port == p.port))",
    "each port may be listed once",
    FieldPath = ".ports", Name = "port-numbers-unique")]
[CelRule("!has(self.routes) || self.routes.all(r, !has(r.backends) || r.backends.all(b, !has(b.subset) || (has(self.subsets) && self.subsets.exists(s, s.name == b.subset))))",
    "a route backend names a subset that is not defined in this service's subsets",
    FieldPath = ".routes", Name = "backend-subsets-defined")]
[CelRule("!has(self.routes) || self.routes.all(r, !has(r.mirror) || !has(r.mirror.subset) || (has(self.subsets) && self.subsets.exists(s, s.name == r.mirror.subset)))",
    "a route mirror names a subset that is not defined in this service's subsets",
    FieldPath = ".routes", Name = "mirror-subsets-defined")]
public sealed record ServicePolicy
{
    /// <summary>The Service's name in the policy's namespace. Required.</summary>
    [JsonPropertyName("name")]
    [Length(Min = 1, Max = 63)]
    [Pattern("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    public required string Name { get; init; }

    /// <summary>Protocol overrides per Service port. Default: each port's protocol comes from its appProtocol, else TCP (reported on the status).</summary>
    [JsonPropertyName("ports")]
    [Length(Max = 64)]
    public IList<ServicePortPolicy>? Ports { get; init; }

    /// <summary>Named groups of the Service's pods, by labels, for routing. Default: none.</summary>
    [JsonPropertyName("subsets")]
    [Length(Max = 32)]
    public IList<Subset>? Subsets { get; init; }

    /// <summary>HTTP routes, evaluated in order; the first match wins. Default: none (every request goes to the whole Service).</summary>
    [JsonPropertyName("routes")]
    [Length(Max = 32)]
    public IList<RouteRule>? Routes { get; init; }

    /// <summary>How a client picks an endpoint. Default: round robin with locality failover.</summary>
    [JsonPropertyName("loadBalancing")]
    public LoadBalancingPolicy? LoadBalancing { get; init; }

    /// <summary>Connection and request limits per client proxy. Default: Envoy's (1024 connections, pending and requests, 3 retries).</summary>
    [JsonPropertyName("circuitBreaker")]
    public CircuitBreakerPolicy? CircuitBreaker { get; init; }

    /// <summary>Ejection of failing endpoints. Default: none (no endpoint is ejected).</summary>
    [JsonPropertyName("outlierDetection")]
    public OutlierDetectionPolicy? OutlierDetection { get; init; }

    /// <summary>A local rate limit enforced by each server-side sidecar: the limit is per pod (N pods admit N times the
    /// rate), excess requests get 429 with an x-mesh-ratelimit header naming the limit. Proxyless gRPC servers do not
    /// enforce it (a status warning names them). Default: none (unlimited).</summary>
    [JsonPropertyName("rateLimit")]
    public RateLimitPolicy? RateLimit { get; init; }

    /// <summary>Who may call this Service. Default: none (<see cref="MeshPolicySpec.DefaultAuthorization"/> decides).</summary>
    [JsonPropertyName("authorization")]
    public AuthorizationPolicy? Authorization { get; init; }
}
