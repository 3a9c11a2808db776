using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace Mesh.Operator.Runtime;

/// <summary>
/// Generic REST calls for any kind, on the KubernetesClient's own HttpClient and credentials (so in-cluster tokens and
/// kubeconfig client certificates apply). Generic because GenericClient cannot resume a watch from a resourceVersion
/// and has no status subresource call.
/// </summary>
public sealed class KubeApi
{
    private const string MergePatch = "application/merge-patch+json";
    private readonly Kubernetes _client;

    public KubeApi(Kubernetes client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    public Kubernetes Client => _client;

    public async Task<ListResult<T>> ListAsync<T>(ResourceKind kind, string? @namespace, CancellationToken ct, string? labelSelector = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(kind);
        var path = labelSelector is null ? kind.CollectionPath(@namespace) : $"{kind.CollectionPath(@namespace)}?labelSelector={Uri.EscapeDataString(labelSelector)}";
        using var response = await SendAsync(HttpMethod.Get, path, null, null, ct).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: ct).ConfigureAwait(false);
        var root = doc.RootElement;
        var rv = root.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("resourceVersion", out var r) ? r.GetString() ?? "" : "";
        var items = new List<T>();
        if (root.TryGetProperty("items", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in array.EnumerateArray())
            {
                items.Add(Deserialize<T>(kind, item));
            }
        }

        return new ListResult<T>(items, rv);
    }

    /// <summary>
    /// Watches from <paramref name="resourceVersion"/> with bookmarks. Ends when the server closes the stream; throws
    /// <see cref="KubeApiException"/> for an ERROR event or an error answer (410 Gone among them).
    /// </summary>
    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(
        ResourceKind kind, string? @namespace, string resourceVersion, [EnumeratorCancellation] CancellationToken ct, string? labelSelector = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(kind);
        var path = $"{kind.CollectionPath(@namespace)}?watch=true&allowWatchBookmarks=true&resourceVersion={Uri.EscapeDataString(resourceVersion)}";
        if (labelSelector is not null)
        {
            path += $"&labelSelector={Uri.EscapeDataString(labelSelector)}";
        }

        using var response = await SendAsync(HttpMethod.Get, path, null, null, ct).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            yield return ParseEvent<T>(kind, line);
        }
    }

    /// <summary>Reads one object; null when it does not exist.</summary>
    public async Task<T?> GetAsync<T>(ResourceKind kind, ObjectKey key, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(kind);
        try
        {
            using var response = await SendAsync(HttpMethod.Get, kind.ObjectPath(key), null, null, ct).ConfigureAwait(false);
            return await ReadObjectAsync<T>(kind, response, ct).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<T> CreateAsync<T>(ResourceKind kind, T obj, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(obj);
        using var response = await SendAsync(HttpMethod.Post, kind.CollectionPath(obj.Metadata.NamespaceProperty), KubernetesJson.Serialize(obj), "application/json", ct).ConfigureAwait(false);
        return await ReadObjectAsync<T>(kind, response, ct).ConfigureAwait(false);
    }

    /// <summary>Replaces the object; 409 Conflict when its resourceVersion is stale.</summary>
    public async Task<T> ReplaceAsync<T>(ResourceKind kind, T obj, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(obj);
        using var response = await SendAsync(HttpMethod.Put, kind.ObjectPath(ObjectKey.Of(obj)), KubernetesJson.Serialize(obj), "application/json", ct).ConfigureAwait(false);
        return await ReadObjectAsync<T>(kind, response, ct).ConfigureAwait(false);
    }

    /// <summary>Applies a JSON merge patch (RFC 7386) to the object or, with <paramref name="subresource"/>, to e.g. <c>status</c>.</summary>
    public async Task<T> MergePatchAsync<T>(ResourceKind kind, ObjectKey key, string patchJson, string? subresource, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(kind);
        var path = kind.ObjectPath(key) + (subresource is null ? "" : "/" + subresource);
        using var response = await SendAsync(HttpMethod.Patch, path, patchJson, MergePatch, ct).ConfigureAwait(false);
        return await ReadObjectAsync<T>(kind, response, ct).ConfigureAwait(false);
    }

    /// <summary>Sends a request with an optional JSON body and returns the body; throws <see cref="KubeApiException"/> on an error answer.</summary>
    public async Task<string> SendForStringAsync(HttpMethod method, string path, string? body, string? contentType, CancellationToken ct)
    {
        using var response = await SendAsync(method, path, body, contentType, ct).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body, string? contentType, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(_client.BaseUri, path));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? "application/json");
        }

        if (_client.Credentials is not null)
        {
            await _client.Credentials.ProcessHttpRequestAsync(request, ct).ConfigureAwait(false);
        }

        var response = await _client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            throw KubeApiException.FromStatus(response.StatusCode, text);
        }
    }

    private static async Task<T> ReadObjectAsync<T>(ResourceKind kind, HttpResponseMessage response, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(text);
        return Deserialize<T>(kind, doc.RootElement);
    }

    private static WatchEvent<T> ParseEvent<T>(ResourceKind kind, string line)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        var type = root.GetProperty("type").GetString();
        var obj = root.GetProperty("object");
        switch (type)
        {
            case "ADDED":
            case "MODIFIED":
            case "DELETED":
                var item = Deserialize<T>(kind, obj);
                var eventType = type == "ADDED" ? WatchEventType.Added : type == "MODIFIED" ? WatchEventType.Modified : WatchEventType.Deleted;
                return new WatchEvent<T>(eventType, item, item.Metadata.ResourceVersion);
            case "BOOKMARK":
                var rv = obj.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("resourceVersion", out var r) ? r.GetString() : null;
                return new WatchEvent<T>(WatchEventType.Bookmark, null, rv);
            default:
                throw KubeApiException.FromStatus(HttpStatusCode.InternalServerError, obj.GetRawText());
        }
    }

    private static T Deserialize<T>(ResourceKind kind, JsonElement element)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var obj = KubernetesJson.Deserialize<T>(element.GetRawText());
        // Items of a list carry no apiVersion/kind; owner references and events need them.
        obj.ApiVersion ??= kind.ApiVersion;
        obj.Kind ??= kind.Kind;
        obj.Metadata ??= new V1ObjectMeta();
        return obj;
    }
}
