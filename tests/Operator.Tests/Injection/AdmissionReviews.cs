using System.Text;
using System.Text.Json.Nodes;

namespace Mesh.Operator.Tests.Injection;

/// <summary>AdmissionReviews as kube-apiserver sends them, and readers of the answers.</summary>
internal static class AdmissionReviews
{
    public static JsonObject For(JsonObject obj, string ns, string kind = "Pod", string group = "", string version = "v1", string resource = "pods", string operation = "CREATE") => new()
    {
        ["apiVersion"] = "admission.k8s.io/v1",
        ["kind"] = "AdmissionReview",
        ["request"] = new JsonObject
        {
            ["uid"] = "705ab4f5-6393-11e8-b7cc-42010a800002",
            ["kind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = kind },
            ["resource"] = new JsonObject { ["group"] = group, ["version"] = version, ["resource"] = resource },
            ["requestKind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = kind },
            ["namespace"] = ns,
            ["operation"] = operation,
            ["userInfo"] = new JsonObject { ["username"] = "system:serviceaccount:kube-system:replicaset-controller" },
            ["object"] = obj.DeepClone(),
            ["oldObject"] = null,
            ["dryRun"] = false,
            ["options"] = new JsonObject { ["apiVersion"] = "meta.k8s.io/v1", ["kind"] = "CreateOptions" },
        },
    };

    public static JsonObject Response(string body) => JsonNode.Parse(body)!["response"]!.AsObject();

    public static JsonArray? Patch(JsonObject response) =>
        response["patch"] is { } patch ? JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(patch.GetValue<string>())))!.AsArray() : null;

    public static IReadOnlyList<string> Warnings(JsonObject response) =>
        response["warnings"]?.AsArray().Select(w => w!.GetValue<string>()).ToList() ?? [];
}
