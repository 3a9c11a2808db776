using System.Text.Json.Nodes;
using Mesh.LocalCluster.Resources;
using Mesh.LocalCluster.Selectors;
using Mesh.LocalCluster.Storage;

namespace Mesh.LocalCluster.Admission;

/// <summary>Reads webhook configurations and namespaces from the embedded API's store (as the apiserver's informers would).</summary>
internal sealed class StoreWebhookSource(ObjectStore store) : IWebhookSource
{
    private static readonly ResourceTypeKey Mutating = new("admissionregistration.k8s.io", "mutatingwebhookconfigurations");
    private static readonly ResourceTypeKey Validating = new("admissionregistration.k8s.io", "validatingwebhookconfigurations");
    private static readonly ResourceTypeKey Namespaces = new("", "namespaces");

    public IReadOnlyList<WebhookDefinition> Webhooks(bool mutating)
    {
        // Parsed from the frozen JSON bytes: safe outside the gate.
        var configurations = store.List(mutating ? Mutating : Validating, null)
            .Select(stored => JsonNode.Parse(stored.Json)!.AsObject())
            .ToList();
        return configurations.Count == 0 ? [] : WebhookDefinitions.From(configurations, mutating);
    }

    public IReadOnlyDictionary<string, string>? NamespaceLabels(string name)
    {
        var stored = store.Get(Namespaces, "", name);
        return stored is null ? null : ObjectLabelSelector.LabelsOf(JsonNode.Parse(stored.Json)!.AsObject());
    }
}
