using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Mesh.Operator.Entities.CertManager;

/// <summary>A cert-manager.io/v1 Certificate: the fields the operator writes (spec) and reads (status).</summary>
[KubernetesEntity(Group = KubeGroup, ApiVersion = KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
public sealed class Certificate : IKubernetesObject<V1ObjectMeta>, ISpec<CertificateSpec>, IStatus<CertificateStatus?>
{
    /// <summary>The API group, <c>cert-manager.io</c>.</summary>
    public const string KubeGroup = "cert-manager.io";

    /// <summary>The version, <c>v1</c>.</summary>
    public const string KubeApiVersion = "v1";

    /// <summary>The kind.</summary>
    public const string KubeKind = "Certificate";

    /// <summary>The plural resource name.</summary>
    public const string KubePluralName = "certificates";

    /// <summary>Always <c>cert-manager.io/v1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = KubeGroup + "/" + KubeApiVersion;

    /// <summary>Always <c>Certificate</c>.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KubeKind;

    /// <summary>Object metadata.</summary>
    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>What to issue.</summary>
    [JsonPropertyName("spec")]
    public CertificateSpec Spec { get; set; } = new() { SecretName = "", IssuerRef = new() { Name = "" } };

    /// <summary>What cert-manager reports; null until it does.</summary>
    [JsonPropertyName("status")]
    public CertificateStatus? Status { get; set; }
}
