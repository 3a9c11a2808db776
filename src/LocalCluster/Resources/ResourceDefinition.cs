using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Resources;

/// <summary>One served resource at one group/version, built in or from a CustomResourceDefinition.</summary>
internal sealed record ResourceDefinition
{
    public static readonly IReadOnlyList<string> AllVerbs =
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public required string Group { get; init; }

    public required string Version { get; init; }

    public required string Plural { get; init; }

    public required string Singular { get; init; }

    public required string Kind { get; init; }

    public required bool Namespaced { get; init; }

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    public IReadOnlyList<string> Verbs { get; init; } = AllVerbs;

    /// <summary>Whether a /status subresource exists: status is then ignored by the main endpoint.</summary>
    public bool HasStatus { get; init; }

    public bool IsCustom { get; init; }

    /// <summary>Subresources besides status (pods/eviction).</summary>
    public IReadOnlyList<SubresourceDefinition> Subresources { get; init; } = [];

    /// <summary>Storage identity; two served resources may share it (core/v1 and events.k8s.io/v1 Events).</summary>
    public ResourceTypeKey StorageKey { get; init; }

    /// <summary>Converts between this version's shape and the storage shape; null when they are the same.</summary>
    public IObjectConverter? Converter { get; init; }

    /// <summary>CRD openAPIV3Schema for this version, used for admission (read under the store gate only).</summary>
    public JsonObject? Schema { get; init; }

    /// <summary>CRD additionalPrinterColumns for this version.</summary>
    public IReadOnlyList<PrinterColumn> PrinterColumns { get; init; } = [];

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string ListKind => Kind + "List";
}
