namespace Mesh.LocalCluster.Admission;

/// <summary>What the admission chain reads from the cluster: the webhook configurations and namespace labels.</summary>
internal interface IWebhookSource
{
    /// <summary>Webhooks of every MutatingWebhookConfiguration (mutating true) or ValidatingWebhookConfiguration, in calling order.</summary>
    IReadOnlyList<WebhookDefinition> Webhooks(bool mutating);

    /// <summary>The labels of namespace <paramref name="name"/>, or null when it does not exist.</summary>
    IReadOnlyDictionary<string, string>? NamespaceLabels(string name);
}
