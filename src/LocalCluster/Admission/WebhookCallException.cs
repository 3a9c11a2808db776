namespace Mesh.LocalCluster.Admission;

/// <summary>
/// A webhook could not be called or answered nonsense (apiserver webhookutil.ErrCallingWebhook): subject to the
/// failurePolicy. <see cref="Reason"/> is the text after <c>failed calling webhook "name": </c>.
/// </summary>
internal sealed class WebhookCallException(string webhookName, string reason) : Exception($"failed calling webhook \"{webhookName}\": {reason}")
{
    public string WebhookName { get; } = webhookName;

    public string Reason { get; } = reason;
}
