using System.Text.Json.Nodes;
using Mesh.LocalCluster.Errors;

namespace Mesh.LocalCluster.Admission;

/// <summary>The Status errors of dynamic admission, worded as kube-apiserver words them (webhook/errors, apierrors).</summary>
internal static class AdmissionErrors
{
    /// <summary>ToStatusErr: the webhook's status with its message prefixed; a code below 400 becomes 400.</summary>
    public static ApiException Denied(string webhookName, JsonObject? status)
    {
        var deniedBy = $"admission webhook \"{webhookName}\" denied the request";
        var code = status?["code"] is JsonValue value && int.TryParse(value.ToJsonString(), out var parsed) ? parsed : 0;
        var message = (string?)status?["message"] ?? "";
        var reason = (string?)status?["reason"] ?? "";
        var text = message.Length > 0 ? $"{deniedBy}: {message}" : reason.Length > 0 ? $"{deniedBy}: {reason}" : $"{deniedBy} without explanation";
        return new ApiException(code < 400 ? 400 : code, reason, text, status?["details"]?.DeepClone() as JsonObject);
    }

    /// <summary>apierrors.NewInternalError: 500 InternalError, the cause repeated in details.causes.</summary>
    public static ApiException Internal(string error) =>
        new(500, "InternalError", $"Internal error occurred: {error}",
            new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = error }) });

    /// <summary>NewDryRunUnsupportedErr: 400 BadRequest.</summary>
    public static ApiException DryRunUnsupported(string webhookName) =>
        ApiErrors.BadRequest($"admission webhook \"{webhookName}\" does not support dry run");
}
