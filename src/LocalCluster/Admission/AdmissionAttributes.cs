using System.Text.Json.Nodes;
using Mesh.LocalCluster.Resources;

namespace Mesh.LocalCluster.Admission;

/// <summary>
/// What is being admitted (apiserver admission.Attributes): operation, resource and subresource, where, the new and
/// old objects in the served shape, and the request options.
/// </summary>
internal sealed record AdmissionAttributes
{
    /// <summary>CREATE, UPDATE, DELETE or CONNECT.</summary>
    public required string Operation { get; init; }

    /// <summary>The resource addressed (pods for pods/eviction).</summary>
    public required ResourceDefinition Resource { get; init; }

    /// <summary>"" for the main resource, else status, eviction, ...</summary>
    public string Subresource { get; init; } = "";

    /// <summary>Group, version and kind of <see cref="Object"/> (policy/v1 Eviction for pods/eviction).</summary>
    public required (string Group, string Version, string Kind) Kind { get; init; }

    /// <summary>The namespace; for a Namespace object its own name, as kube-apiserver sets it.</summary>
    public string Namespace { get; init; } = "";

    /// <summary>The object's name; empty on a CREATE with generateName.</summary>
    public string Name { get; init; } = "";

    /// <summary>The new object; null on DELETE.</summary>
    public JsonObject? Object { get; init; }

    /// <summary>The stored object on UPDATE and DELETE.</summary>
    public JsonObject? OldObject { get; init; }

    /// <summary>dryRun=All.</summary>
    public bool DryRun { get; init; }

    /// <summary>CreateOptions, UpdateOptions or DeleteOptions as the review's request.options.</summary>
    public JsonObject? Options { get; init; }

    /// <summary>Whether a webhook may return a patch (CREATE and UPDATE only).</summary>
    public bool IsMutatingOperation => Operation is "CREATE" or "UPDATE";
}
