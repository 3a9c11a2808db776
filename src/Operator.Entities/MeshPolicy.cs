using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Mesh.Operator.Entities;

/// <summary>
/// The one custom resource of Mesh: which pods of a namespace join the mesh and how their traffic is secured, routed,
/// limited and observed. The operator never writes into <see cref="Spec"/>; it reports on <see cref="Status"/>.
/// </summary>
[KubernetesEntity(Group = KubeGroup, ApiVersion = KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
public sealed class MeshPolicy : IKubernetesObject<V1ObjectMeta>, ISpec<MeshPolicySpec>, IStatus<MeshPolicyStatus?>
{
    /// <summary>The API group, <c>mesh.dev</c>.</summary>
    public const string KubeGroup = "mesh.dev";

    /// <summary>The served and stored version, <c>v1alpha1</c>.</summary>
    public const string KubeApiVersion = "v1alpha1";

    /// <summary>The kind, <c>MeshPolicy</c>.</summary>
    public const string KubeKind = "MeshPolicy";

    /// <summary>The plural resource name used in URLs, <c>meshpolicies</c>.</summary>
    public const string KubePluralName = "meshpolicies";

    /// <summary>The <c>apiVersion</c> field value, <c>mesh.dev/v1alpha1</c>.</summary>
    public const string KubeGroupVersion = KubeGroup + "/" + KubeApiVersion;

    /// <summary>Always <c>mesh.dev/v1alpha1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = KubeGroupVersion;

    /// <summary>Always <c>MeshPolicy</c>.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KubeKind;

    /// <summary>Standard object metadata; the policy is namespaced and governs Services of its own namespace.</summary>
    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>What the user asks for. Written only by users and GitOps tools.</summary>
    [JsonPropertyName("spec")]
    public MeshPolicySpec Spec { get; set; } = new();

    /// <summary>What the operator observed; null until the operator first reports.</summary>
    [JsonPropertyName("status")]
    public MeshPolicyStatus? Status { get; set; }
}
