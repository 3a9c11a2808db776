using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mesh.Operator.Injection;

/// <summary>
/// The admission.k8s.io/v1 AdmissionReview envelope every webhook of the operator reads and answers (the injector and
/// the MeshPolicy validator): a body that is not one is a 400 naming what is wrong and what to send instead.
/// </summary>
internal static class AdmissionReviewEnvelope
{
    public const string ApiVersion = "admission.k8s.io/v1";

    private static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false };

    /// <summary>The review's request and uid, or the 400 reply that says why the body is not a v1 AdmissionReview.</summary>
    public static (JsonObject? Request, string Uid, AdmissionReply? Error) Read(ReadOnlyMemory<byte> body)
    {
        JsonNode? root;
        try
        {
            // Decoded to a string first (invalid UTF-8 becomes U+FFFD) and repeated keys refused: parsed lazily from bytes,
            // either threw InvalidOperationException/ArgumentException later, when a field was read (found by fuzzing).
            root = JsonNode.Parse(Encoding.UTF8.GetString(body.Span), documentOptions: StrictJson);
        }
        catch (JsonException e)
        {
            return (null, "", AdmissionReply.Error(400, $"the body is not JSON ({e.Message}); send an admission.k8s.io/v1 AdmissionReview"));
        }
        if (root is not JsonObject review || Text(review["kind"]) != "AdmissionReview")
        {
            return (null, "", AdmissionReply.Error(400, "the body is not an AdmissionReview; send an admission.k8s.io/v1 AdmissionReview"));
        }
        if (Text(review["apiVersion"]) != ApiVersion)
        {
            return (null, "", AdmissionReply.Error(400, $"AdmissionReview apiVersion \"{Text(review["apiVersion"])}\" is not served; set admissionReviewVersions: [v1] ({ApiVersion})"));
        }
        if (review["request"] is not JsonObject request || Text(request["uid"]) is not { Length: > 0 } uid)
        {
            return (null, "", AdmissionReply.Error(400, "the AdmissionReview has no request.uid; it must come from an API server"));
        }

        return (request, uid, null);
    }

    /// <summary>The 200 answer carrying <paramref name="response"/> (which holds the request's uid).</summary>
    public static AdmissionReply Answer(JsonObject response) =>
        new(200, new JsonObject { ["apiVersion"] = ApiVersion, ["kind"] = "AdmissionReview", ["response"] = response }.ToJsonString(), "application/json");

    /// <summary>A string value, or null for anything else (absent, a number, an object).</summary>
    public static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
