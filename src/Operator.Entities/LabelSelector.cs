using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>A Kubernetes label selector (metav1.LabelSelector): all terms must hold. Empty selects everything.</summary>
public sealed record LabelSelector
{
    /// <summary>Labels a pod must carry with exactly these values. Default: none.</summary>
    [JsonPropertyName("matchLabels")]
    [Length(Max = 64)]
    public IDictionary<string, string>? MatchLabels { get; init; }

    /// <summary>Set-based requirements. Default: none.</summary>
    [JsonPropertyName("matchExpressions")]
    [Length(Max = 64)]
    public IList<LabelSelectorRequirement>? MatchExpressions { get; init; }
}
