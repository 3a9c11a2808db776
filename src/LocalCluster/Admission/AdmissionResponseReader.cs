using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Admission;

/// <summary>
/// Checks a webhook's answer the way apiserver webhook/request VerifyAdmissionResponse does and decodes it. Pure:
/// throws <see cref="WebhookCallException"/> with kube-apiserver's wording for anything invalid.
/// </summary>
internal static class AdmissionResponseReader
{
    public static WebhookVerdict Read(WebhookDefinition webhook, string uid, JsonNode? review)
    {
        var name = webhook.Name;
        if (review is not JsonObject obj)
        {
            throw Invalid(name, "webhook response was absent");
        }

        var apiVersion = (string?)obj["apiVersion"] ?? "";
        var kind = (string?)obj["kind"] ?? "";
        if (apiVersion != "admission.k8s.io/v1" || kind != "AdmissionReview")
        {
            var got = $"{apiVersion}, Kind={kind}";
            throw Invalid(name, $"expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got {got}");
        }

        if (obj["response"] is not JsonObject response)
        {
            throw Invalid(name, "webhook response was absent");
        }

        var responseUid = (string?)response["uid"] ?? "";
        if (responseUid != uid)
        {
            throw Invalid(name, $"expected response.uid=\"{uid}\", got \"{responseUid}\"");
        }

        var patch = ReadPatch(webhook, response);
        return new WebhookVerdict
        {
            Allowed = response["allowed"] is JsonValue allowed && allowed.GetValueKind() == JsonValueKind.True,
            Status = response["status"] as JsonObject,
            Patch = patch,
            Warnings = response["warnings"] is JsonArray warnings ? warnings.Select(w => w?.ToString() ?? "").Where(w => w.Length > 0).ToList() : [],
        };
    }

    private static JsonArray? ReadPatch(WebhookDefinition webhook, JsonObject response)
    {
        var text = (string?)response["patch"] ?? "";
        var patchType = (string?)response["patchType"];
        if (text.Length == 0)
        {
            return null;
        }

        if (!webhook.Mutating)
        {
            throw Invalid(webhook.Name, "validating webhook may not return response.patch");
        }

        if (patchType is null)
        {
            throw Invalid(webhook.Name, "webhook returned response.patch but not response.patchType");
        }

        if (patchType != "JSONPatch")
        {
            throw Invalid(webhook.Name, $"webhook returned invalid response.patchType of \"{patchType}\"");
        }

        try
        {
            return JsonNode.Parse(Convert.FromBase64String(text)) as JsonArray
                ?? throw Invalid(webhook.Name, "the patch is not a JSON array");
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw Invalid(webhook.Name, $"illegal base64 data or JSON in response.patch: {e.Message}");
        }
    }

    private static WebhookCallException Invalid(string name, string why) => new(name, "received invalid webhook response: " + why);
}
