using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Mesh.LocalCluster.Tests.Infrastructure;

/// <summary>Small helpers every contract test uses: a fresh namespace, raw HTTP calls.</summary>
public static class ClusterTargetExtensions
{
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";

    public static async Task<string> NewNamespaceAsync(this IClusterTarget target, string prefix)
    {
        var name = Unique(prefix);
        await target.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    /// <summary>A raw request through the client's authenticated HttpClient (plain HTTP locally, TLS on k3s).</summary>
    public static async Task<(int Status, JsonNode? Body, string Text)> SendAsync(
        this IClusterTarget target, HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        var client = (Kubernetes)target.Client;
        using var request = new HttpRequestMessage(method, new Uri(client.BaseUri, path));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await client.HttpClient.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        try
        {
            json = text.Length > 0 ? JsonNode.Parse(text) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON: the caller looks at Text.
        }

        return ((int)response.StatusCode, json, text);
    }
}
