using System.Text.Json;

namespace Mesh.Meshctl.Proxies;

/// <summary>Recognizes a Kubernetes Status object (kind Status, status Failure): the API server's own error, not the proxied pod's answer.</summary>
internal static class ApiStatus
{
    /// <summary>The Status message, or null when <paramref name="body"/> is not a failed Status.</summary>
    public static string? Of(string body)
    {
        if (string.IsNullOrEmpty(body) || body[0] != '{')
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            return root.TryGetProperty("kind", out var kind) && kind.GetString() == "Status"
                && root.TryGetProperty("status", out var status) && status.GetString() == "Failure"
                ? (root.TryGetProperty("message", out var message) ? message.GetString() : null) ?? "no message"
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
