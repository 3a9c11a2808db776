using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Mesh.Operator.Entities.CertManager;

/// <summary>A cert-manager.io/v1 Issuer (namespaced): the fields Mesh reads to tell whether it can sign.</summary>
[KubernetesEntity(Group = Certificate.KubeGroup, ApiVersion = Certificate.KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
public sealed class Issuer : IKubernetesObject<V1ObjectMeta>, ISpec<IssuerSpec>, IStatus<IssuerStatus?>
{
    /// <summary>The kind.</summary>
    public const string KubeKind = "Issuer";

    /// <summary>The plural resource name.</summary>
    public const string KubePluralName = "issuers";

    /// <summary>Always <c>cert-manager.io/v1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = Certificate.KubeGroup + "/" + Certificate.KubeApiVersion;

    /// <summary>Always <c>Issuer</c>.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KubeKind;

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
