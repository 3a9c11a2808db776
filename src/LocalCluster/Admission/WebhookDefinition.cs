using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Admission;

/// <summary>
/// One webhook of a Mutating- or ValidatingWebhookConfiguration, with the v1 defaults applied
/// (failurePolicy Fail, matchPolicy Equivalent, timeoutSeconds 10, reinvocationPolicy Never, scope "*", port 443).
/// </summary>
internal sealed record WebhookDefinition
{
    /// <summary>metadata.name of the configuration holding it (configurations are called in name order).</summary>
    public required string ConfigurationName { get; init; }

    /// <summary>The webhook's own name, as error messages quote it.</summary>
    public required string Name { get; init; }

    /// <summary>True for a MutatingWebhookConfiguration's webhook.</summary>
    public required bool Mutating { get; init; }

    /// <summary>clientConfig.url, or null when a service is named.</summary>
    public string? Url { get; init; }

    /// <summary>clientConfig.service, or null when a url is given.</summary>
    public WebhookService? Service { get; init; }

    /// <summary>clientConfig.caBundle decoded (PEM text), or null to trust the system roots.</summary>
    public string? CaBundlePem { get; init; }

    /// <summary>rules; no rules match nothing.</summary>
    public IReadOnlyList<WebhookRule> Rules { get; init; } = [];

    /// <summary>namespaceSelector as a metav1.LabelSelector (null or empty matches everything).</summary>
    public JsonObject? NamespaceSelector { get; init; }

    /// <summary>objectSelector as a metav1.LabelSelector (null or empty matches everything).</summary>
    public JsonObject? ObjectSelector { get; init; }

    /// <summary>Fail (default) or Ignore.</summary>
    public string FailurePolicy { get; init; } = "Fail";

    /// <summary>Equivalent (default) or Exact; one version per kind is served, so both behave alike here.</summary>
    public string MatchPolicy { get; init; } = "Equivalent";

    /// <summary>None, NoneOnDryRun (the values v1 accepts), or Some/Unknown on configurations stored before.</summary>
    public string SideEffects { get; init; } = "None";

    /// <summary>timeoutSeconds, 1..30.</summary>
    public int TimeoutSeconds { get; init; } = 10;

    /// <summary>Never (default) or IfNeeded; mutating webhooks only.</summary>
    public string ReinvocationPolicy { get; init; } = "Never";

    /// <summary>Whether a dry-run request may call it.</summary>
    public bool SupportsDryRun => SideEffects is "None" or "NoneOnDryRun";
}
