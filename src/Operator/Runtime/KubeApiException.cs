using System.Net;
using System.Text.Json;

namespace Mesh.Operator.Runtime;

/// <summary>An API answer that is not a success, with the Status body's reason and message when there was one.</summary>
public sealed class KubeApiException : Exception
{
    public KubeApiException(HttpStatusCode statusCode, string? reason, string message)
        : base($"{(int)statusCode} {reason}: {message}")
    {
        StatusCode = statusCode;
        Reason = reason;
        ApiMessage = message;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The Status reason, for example <c>Conflict</c>, <c>NotFound</c>, <c>Expired</c>.</summary>
    public string? Reason { get; }

    public string ApiMessage { get; }

    /// <summary>410 Gone, or a 500/ERROR carrying reason Expired: the resourceVersion is older than the server keeps.</summary>
    public bool IsGone => StatusCode == HttpStatusCode.Gone || Reason is "Expired" or "Gone";

    internal static KubeApiException FromStatus(HttpStatusCode fallbackCode, string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            var code = root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number ? (HttpStatusCode)c.GetInt32() : fallbackCode;
            var reason = root.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? "" : body;
            return new KubeApiException(code, reason, message);
        }
        catch (JsonException)
        {
            return new KubeApiException(fallbackCode, null, body.Length > 500 ? body[..500] : body);
        }
    }
}
