using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Mesh.Operator.Injection;

/// <summary>
/// admission.k8s.io/v1 AdmissionReview in, AdmissionReview out. A body that is not a v1 AdmissionReview is a 400 with
/// the reason; anything the injector does not handle (another kind, another operation, a pod it cannot read, a cache
/// not yet synced, a bug) is admitted unchanged with a warning that says so. It never throws and never returns half a
/// patch: the patch is computed whole, then sent, or nothing is.
/// </summary>
public sealed class AdmissionHandler(IInjectionPolicySource policies, InjectorOptions options, ILogger<AdmissionHandler> logger)
{
    /// <summary>Largest request body read (3 MiB, kube-apiserver's own request limit); a larger one is answered 413.</summary>
    public const int MaxBodyBytes = 3 * 1024 * 1024;

    private static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false };

    private const string ReviewApiVersion = "admission.k8s.io/v1";

    /// <summary>Synchronous form for callers holding a span (benchmarks, tests); the endpoint uses <see cref="HandleAsync"/>.</summary>
    public AdmissionReply Handle(ReadOnlySpan<byte> body) => HandleAsync(body.ToArray(), CancellationToken.None).GetAwaiter().GetResult();

    public async Task<AdmissionReply> HandleAsync(ReadOnlyMemory<byte> body, CancellationToken ct)
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
            return AdmissionReply.Error(400, $"the body is not JSON ({e.Message}); send an admission.k8s.io/v1 AdmissionReview");
        }
        if (root is not JsonObject review || Text(review["kind"]) != "AdmissionReview")
        {
            return AdmissionReply.Error(400, "the body is not an AdmissionReview; send an admission.k8s.io/v1 AdmissionReview");
        }
        if (Text(review["apiVersion"]) != ReviewApiVersion)
        {
            return AdmissionReply.Error(400, $"AdmissionReview apiVersion \"{Text(review["apiVersion"])}\" is not served; set admissionReviewVersions: [v1] ({ReviewApiVersion})");
        }
        if (review["request"] is not JsonObject request || Text(request["uid"]) is not { Length: > 0 } uid)
        {
            return AdmissionReply.Error(400, "the AdmissionReview has no request.uid; it must come from an API server");
        }

        var (patch, warnings) = await DecideAsync(request, ct).ConfigureAwait(false);
        var response = new JsonObject { ["uid"] = uid, ["allowed"] = true };
        if (patch is { Count: > 0 })
        {
            response["patchType"] = "JSONPatch";
            response["patch"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(patch.ToJsonString()));
        }
        if (warnings.Count > 0)
        {
            response["warnings"] = new JsonArray(warnings.Select(w => (JsonNode)JsonValue.Create(w)).ToArray());
        }
        var answer = new JsonObject { ["apiVersion"] = ReviewApiVersion, ["kind"] = "AdmissionReview", ["response"] = response };
        return new AdmissionReply(200, answer.ToJsonString(), "application/json");
    }

    private async Task<(JsonArray? Patch, IReadOnlyList<string> Warnings)> DecideAsync(JsonObject request, CancellationToken ct)
    {
        var kind = request["kind"] as JsonObject;
        var (group, version, kindName) = (Text(kind?["group"]) ?? "", Text(kind?["version"]) ?? "", Text(kind?["kind"]) ?? "");
        if (group != "" || version != "v1" || kindName != "Pod" || !string.IsNullOrEmpty(Text(request["subResource"])))
        {
            var what = $"{(group.Length == 0 ? "" : group + "/")}{version}/{kindName}{(string.IsNullOrEmpty(Text(request["subResource"])) ? "" : " subresource " + Text(request["subResource"]))}";
            return (null, [$"mesh: the sidecar injector handles only v1 Pods; this {what} was admitted unchanged (check the rules of the MutatingWebhookConfiguration)."]);
        }
        if (Text(request["operation"]) != "CREATE")
        {
            return (null, [$"mesh: the sidecar injector acts on CREATE only; this {Text(request["operation"]) ?? "(no operation)"} was admitted unchanged."]);
        }
        if (request["object"] is not JsonObject pod)
        {
            return (null, ["mesh: the request carries no pod object; admitted unchanged."]);
        }
        var ns = Text(request["namespace"]) ?? Text(pod["metadata"]?["namespace"]);
        if (string.IsNullOrEmpty(ns))
        {
            return (null, ["mesh: the request names no namespace; admitted without a sidecar."]);
        }
        if (!policies.Synced)
        {
            return (null, ["mesh: the injector has not read the MeshPolicies yet (operator starting); admitted without a sidecar: it shows as SidecarMissing on its MeshPolicy until it restarts."]);
        }
        try
        {
            var result = SidecarInjector.Inject(pod, ns, await policies.PoliciesInAsync(ns, ct).ConfigureAwait(false), options);
            return (result.Patch, result.Warnings);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Never a 500 and never half a patch: whatever went wrong, the pod is admitted as it came.
            logger.LogWarning(e, "Could not inject a pod in {Namespace}; admitted without a sidecar", ns);
            return (null, [$"mesh: the pod could not be read ({e.Message}); admitted without a sidecar."]);
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
