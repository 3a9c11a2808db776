using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Mesh.LocalCluster.Validation;

/// <summary>One node of a parsed structural schema: the keywords the API server honours for custom resources.</summary>
internal sealed class SchemaNode
{
    public string? Type { get; init; }

    public bool Nullable { get; init; }

    public bool IntOrString { get; init; }

    public bool PreserveUnknownFields { get; init; }

    public bool EmbeddedResource { get; init; }

    public IReadOnlyDictionary<string, SchemaNode> Properties { get; init; } = new Dictionary<string, SchemaNode>();

    public SchemaNode? AdditionalProperties { get; init; }

    /// <summary>additionalProperties: true (keep any field without a schema) as opposed to a schema or absent.</summary>
    public bool AdditionalPropertiesAllowed { get; init; }

    public SchemaNode? Items { get; init; }

    public IReadOnlyList<JsonNode?> Enum { get; init; } = [];

    public IReadOnlyList<string> Required { get; init; } = [];

    public string? Pattern { get; init; }

    public Regex? PatternRegex { get; init; }

    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    public bool ExclusiveMinimum { get; init; }

    public bool ExclusiveMaximum { get; init; }

    public double? MultipleOf { get; init; }

    public long? MinLength { get; init; }

    public long? MaxLength { get; init; }

    public long? MinItems { get; init; }

    public long? MaxItems { get; init; }

    public long? MinProperties { get; init; }

    public long? MaxProperties { get; init; }

    public bool UniqueItems { get; init; }

    public string? Format { get; init; }

    /// <summary>x-kubernetes-list-type: atomic (default), set or map.</summary>
    public string? ListType { get; init; }

    public IReadOnlyList<string> ListMapKeys { get; init; } = [];

    /// <summary>x-kubernetes-map-type: granular (default) or atomic.</summary>
    public string? MapType { get; init; }

    public JsonNode? Default { get; init; }

    public IReadOnlyList<CelRule> Rules { get; init; } = [];

    /// <summary>The value CEL rule errors print ("object", "string"; empty for int-or-string), as sts.Type in the API server.</summary>
    public string TypeName => Type ?? "";

    /// <summary>Nothing below this node needs CEL evaluation: lets Admit skip building CEL values for it.</summary>
    public bool HasRulesBelow { get; set; }
}
