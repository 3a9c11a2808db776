using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Mesh.Operator.Entities.CertManager;

/// <summary>
/// What an Issuer and a ClusterIssuer share (cert-manager gives both the same spec and status): the fields Mesh reads
/// to tell whether one can sign. The two kinds differ only in name and scope.
/// </summary>
public abstract class IssuerResource : IKubernetesObject<V1ObjectMeta>, ISpec<IssuerSpec>, IStatus<IssuerStatus?>
{
    /// <param name="kind">The kind, written into <see cref="Kind"/>.</param>
    protected IssuerResource(string kind) => Kind = kind;

    /// <summary>Always <c>cert-manager.io/v1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = Certificate.KubeGroup + "/" + Certificate.KubeApiVersion;

    /// <summary>The kind: Issuer or ClusterIssuer.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; set; }

    /// <summary>Object metadata.</summary>
    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>How it signs: exactly one of ca, selfSigned, acme (or another type Mesh does not model).</summary>
    [JsonPropertyName("spec")]
    public IssuerSpec Spec { get; set; } = new();

    /// <summary>What cert-manager reports; null until it does.</summary>
    [JsonPropertyName("status")]
    public IssuerStatus? Status { get; set; }
}
