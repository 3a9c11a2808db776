using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>One set-based term of a <see cref="LabelSelector"/> (metav1.LabelSelectorRequirement).</summary>
[CelRule("self.operator in ['In', 'NotIn'] ? (has(self.values) && size(self.values) > 0) : (!has(self.values) || size(self.values) == 0)",
    "values must be non-empty for In and NotIn, and empty for Exists and DoesNotExist",
    FieldPath = ".values", Name = "selector-values-match-operator")]
public sealed record LabelSelectorRequirement
{
    /// <summary>The label key. Required.</summary>
    [JsonPropertyName("key")]
    [Length(Min = 1, Max = 317)]
    public required string Key { get; init; }

    /// <summary>How the key relates to <see cref="Values"/>. Required.</summary>
    [JsonPropertyName("operator")]
    public required LabelSelectorOperator Operator { get; init; }

    /// <summary>The values for In and NotIn; empty for Exists and DoesNotExist. Default: none.</summary>
    [JsonPropertyName("values")]
    [Length(Max = 64, ItemMax = 63)]
    public IList<string>? Values { get; init; }
}
