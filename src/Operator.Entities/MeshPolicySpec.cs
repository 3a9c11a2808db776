using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>The desired state of a <see cref="MeshPolicy"/>. Every section is optional; an empty spec meshes every pod of the namespace with safe defaults.</summary>
[CelRule("!has(self.services) || self.services.all(s, self.services.exists_one(o, o.name == s.name))",
    "spec.services: each Service may be listed once; merge the entries that share a name",
    FieldPath = ".services", Name = "service-names-unique")]
public sealed record MeshPolicySpec
{
    /// <summary>Which pods join the mesh and how their sidecar is shaped. Default: every pod of the namespace, native sidecar.</summary>
    [JsonPropertyName("workloads")]
    public WorkloadsSpec? Workloads { get; init; }

    /// <summary>Mutual TLS between meshed workloads. Default: Permissive, trust domain cluster.local, built-in certificates of 24h.</summary>
    [JsonPropertyName("mtls")]
    public MtlsSpec? Mtls { get; init; }

    /// <summary>What happens to a request that no authorization rule of its destination Service decides. Default: <see cref="DefaultAuthorization.AllowAll"/>.</summary>
    [JsonPropertyName("defaultAuthorization")]
    public DefaultAuthorization? DefaultAuthorization { get; init; }

    /// <summary>Per-Service traffic policy for Services of this namespace. Default: none (plain load balancing, no routes, no limits).</summary>
    [JsonPropertyName("services")]
    [Length(Max = 128)]
    public IList<ServicePolicy>? Services { get; init; }

    /// <summary>Whether authorization is also compiled into Kubernetes NetworkPolicies. Default: <see cref="NetworkPolicyMode.Enforce"/>.</summary>
    [JsonPropertyName("networkPolicy")]
    public NetworkPolicySpec? NetworkPolicy { get; init; }

    /// <summary>Traffic leaving the mesh. Default: <see cref="EgressMode.AllowAny"/>, no registered hosts.</summary>
    [JsonPropertyName("egress")]
    public EgressSpec? Egress { get; init; }

    /// <summary>Metrics, access logs and tracing. Default: metrics on, access logs and tracing off.</summary>
    [JsonPropertyName("observability")]
    public ObservabilitySpec? Observability { get; init; }
}
