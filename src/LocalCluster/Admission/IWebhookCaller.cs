using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Admission;

/// <summary>Sends one AdmissionReview to one webhook and returns the parsed answer.</summary>
internal interface IWebhookCaller
{
    /// <summary>Throws <see cref="WebhookCallException"/> when the webhook cannot be reached or does not answer JSON.</summary>
    Task<JsonNode?> CallAsync(WebhookDefinition webhook, JsonObject review, CancellationToken ct);
}
