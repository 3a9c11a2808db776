using System.Text.Json.Serialization;

namespace Mesh.Operator.Entities;

/// <summary>The kind of a cert-manager issuer.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IssuerKind>))]
public enum IssuerKind
{
    /// <summary>A namespaced Issuer in the policy's namespace. The default, as in cert-manager.</summary>
    Issuer,

    /// <summary>A cluster-scoped ClusterIssuer.</summary>
    ClusterIssuer,
}
