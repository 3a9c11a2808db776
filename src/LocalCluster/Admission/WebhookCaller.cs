using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Admission;

/// <summary>
/// HTTPS POST of an AdmissionReview, as kube-apiserver's webhook client does: clientConfig.url as is, or
/// https://&lt;name&gt;.&lt;namespace&gt;.svc:&lt;port&gt;&lt;path&gt; resolved through <see cref="ServiceEndpointMap"/>; the
/// URL carries <c>?timeout=Ns</c>; the certificate is checked by <see cref="WebhookCertificateCheck"/> on clients kept per configuration (<see cref="WebhookClients"/>); failures
/// read like Go's (<c>Post "url": context deadline exceeded</c>).
/// </summary>
internal sealed class WebhookCaller(ServiceEndpointMap endpoints) : IWebhookCaller
{
    private readonly WebhookClients _clients = new();

    public async Task<JsonNode?> CallAsync(WebhookDefinition webhook, JsonObject review, CancellationToken ct)
    {
        var (url, host, target) = Resolve(webhook);
        string Fail(string reason) => $"failed to call webhook: Post \"{url}\": {reason}";
        if (webhook.Service is { } service && target is null)
        {
            throw new WebhookCallException(webhook.Name, Fail($"no endpoints available for service \"{service.Name}\""));
        }

        var client = _clients.For(host, target, webhook.CaBundlePem);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(webhook.TimeoutSeconds));
        byte[] body;
        HttpStatusCode status;
        try
        {
            using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(review));
            content.Headers.ContentType = new("application/json");
            using var response = await client.Http.PostAsync(url, content, deadline.Token).ConfigureAwait(false);
            status = response.StatusCode;
            body = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new WebhookCallException(webhook.Name, Fail("context deadline exceeded"));
        }
        catch (HttpRequestException e)
        {
            throw new WebhookCallException(webhook.Name, Fail((IsTlsFailure(e) ? client.TlsError : null) ?? Describe(e, target ?? new Uri(url))));
        }

        if ((int)status is < 200 or > 299)
        {
            throw new WebhookCallException(webhook.Name, "failed to call webhook: " + StatusText(status, body));
        }

        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw new WebhookCallException(webhook.Name, $"failed to call webhook: couldn't get version/kind; json parse error: {e.Message}");
        }
    }

    /// <summary>The URL as the API server would print it, the TLS host to verify, and where to connect (null: the URL itself).</summary>
    private (string Url, string Host, Uri? Target) Resolve(WebhookDefinition webhook)
    {
        var timeout = $"timeout={webhook.TimeoutSeconds}s";
        if (webhook.Service is { } service)
        {
            var path = service.Path.Length == 0 ? "/" : service.Path;
            var url = $"https://{service.Host}:{service.Port}{path}?{timeout}";
            return (url, service.Host, endpoints.Resolve(service.Namespace, service.Name, service.Port));
        }

        var raw = webhook.Url ?? "";
        var uri = new Uri(raw);
        return (raw + (raw.Contains('?', StringComparison.Ordinal) ? "&" : "?") + timeout, uri.Host, null);
    }

    private static bool IsTlsFailure(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Security.Authentication.AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(HttpRequestException e, Uri target)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                return $"dial tcp {target.Host}:{target.Port}: connect: connection refused";
            }
        }

        return e.InnerException?.Message ?? e.Message;
    }

    /// <summary>What client-go's REST client reports for a non-2xx answer that is not a Status.</summary>
    private static string StatusText(HttpStatusCode status, byte[] body)
    {
        if (status == HttpStatusCode.NotFound)
        {
            return "the server could not find the requested resource";
        }

        var text = Encoding.UTF8.GetString(body).Trim();
        return text.Length == 0
            ? $"an error on the server (\"unknown\") has prevented the request from succeeding"
            : $"an error on the server (\"{text}\") has prevented the request from succeeding";
    }
}
