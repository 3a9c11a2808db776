using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Mesh.Operator.Entities;

namespace Mesh.Meshctl.Analysis;

/// <summary>
/// A MeshPolicy and, when it came from a file, its document as written (checked against the CRD schema before
/// planning). <see cref="Policy"/> is null when the document could not be read as a MeshPolicy (<see cref="ReadError"/>).
/// </summary>
internal sealed record PolicySource
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    public MeshPolicy? Policy { get; init; }

    public JsonObject? Document { get; init; }

    /// <summary>The file it came from, or "cluster".</summary>
    public required string Origin { get; init; }

    public string? ReadError { get; init; }
}

/// <summary>
/// The objects analyze reads, keyed by kind, namespace and name: from files, from the cluster, or the cluster with
/// files laid over it (a file's object replaces the live one of the same name, as applying it would).
/// </summary>
internal sealed class ManifestSet
{
    public Dictionary<string, PolicySource> Policies { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, V1Service> Services { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, V1EndpointSlice> EndpointSlices { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, V1Pod> Pods { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, V1ServiceAccount> ServiceAccounts { get; } = new(StringComparer.Ordinal);

    /// <summary>Workloads whose pods are synthesised from their template (files only: a cluster shows the real pods).</summary>
    public Dictionary<string, V1Deployment> Deployments { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, V1Job> Jobs { get; } = new(StringComparer.Ordinal);

    public static string Key(IKubernetesObject<V1ObjectMeta> obj) => Key(obj.Metadata.NamespaceProperty, obj.Metadata.Name);

    public static string Key(string ns, string name) => $"{ns}/{name}";

    /// <summary>
    /// Of the Services of other namespaces that policies name in <c>egress.services</c>, those that exist
    /// (<c>namespace/name</c>); null when they were not looked up (files only: another namespace is unknown then).
    /// </summary>
    public HashSet<string>? ServicesNamedElsewhere { get; set; }

    /// <summary>Lays <paramref name="top"/> over this set: same kind and name, the top one wins.</summary>
    public void Overlay(ManifestSet top)
    {
        ArgumentNullException.ThrowIfNull(top);
        Copy(top.Policies, Policies);
        Copy(top.Services, Services);
        Copy(top.EndpointSlices, EndpointSlices);
        Copy(top.Pods, Pods);
        Copy(top.ServiceAccounts, ServiceAccounts);
        Copy(top.Deployments, Deployments);
        Copy(top.Jobs, Jobs);
    }

    private static void Copy<T>(Dictionary<string, T> from, Dictionary<string, T> to)
    {
        foreach (var (key, value) in from)
        {
            to[key] = value;
        }
    }
}
