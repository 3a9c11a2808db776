using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Mesh.LocalCluster.Errors;

namespace Mesh.LocalCluster.Http;

/// <summary>Reads and decodes request bodies: JSON or YAML, at most 3 MiB, protobuf refused with 415.</summary>
internal static class RequestBody
{
    /// <summary>The real server's limit for a request body (apiserver MaxRequestBodyBytes, 3 MiB).</summary>
    public const int MaxBytes = 3 * 1024 * 1024;

    private static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false };

    public static async Task<JsonNode> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var contentType = request.ContentType ?? "application/json";
        if (contentType.Contains("protobuf", StringComparison.OrdinalIgnoreCase))
        {
            // kubectl's generator commands (create namespace/configmap/secret ...) post protobuf; we decode JSON and YAML only.
            throw ApiErrors.UnsupportedMediaType(
                "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml " +
                "(this local API server does not decode protobuf: write a manifest and use `kubectl create -f` or `kubectl apply -f`)");
        }

        if (request.ContentLength > MaxBytes)
        {
            throw ApiErrors.TooLarge(MaxBytes);
        }

        var bytes = await ReadLimitedAsync(request.Body, ct).ConfigureAwait(false);
        if (bytes.Length == 0)
        {
            throw ApiErrors.BadRequest("the body of the request was empty");
        }

        var isYaml = contentType.Contains("yaml", StringComparison.OrdinalIgnoreCase) && !LooksLikeJson(bytes);
        try
        {
            // JSON is decoded to a string first: invalid UTF-8 becomes U+FFFD, as Go's encoding/json does for the real
            // server. Parsing the bytes would defer the UTF-8 error to whoever first reads the string (found by fuzzing:
            // an InvalidOperationException deep in admission, a 500).
            // A repeated key is refused here (400, as kube-apiserver's strict decoding does): parsed lazily it threw
            // ArgumentException wherever the object was first read, e.g. inside a JSON patch (found by fuzzing).
            var text = Encoding.UTF8.GetString(bytes);
            return (isYaml ? YamlToJson.Convert(text) : JsonNode.Parse(text, documentOptions: StrictJson))
                ?? throw ApiErrors.BadRequest("the body of the request was empty");
        }
        catch (JsonException e)
        {
            throw ApiErrors.BadRequest($"couldn't get version/kind; json parse error: {e.Message}");
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidCastException or InvalidOperationException or ArgumentException)
        {
            throw ApiErrors.BadRequest($"error converting YAML to JSON: yaml: {e.Message}");
        }
    }

    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken ct) =>
        await ReadAsync(request, ct).ConfigureAwait(false) as JsonObject
        ?? throw ApiErrors.BadRequest("couldn't get version/kind; json parse error: the body is not a JSON object");

    private static bool LooksLikeJson(byte[] bytes)
    {
        foreach (var b in bytes)
        {
            if (!char.IsWhiteSpace((char)b))
            {
                return b is (byte)'{' or (byte)'[';
            }
        }

        return false;
    }

    private static async Task<byte[]> ReadLimitedAsync(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw ApiErrors.TooLarge(MaxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
