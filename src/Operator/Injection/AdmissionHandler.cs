using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Mesh.Operator.Injection;

/// <summary>
/// admission.k8s.io/v1 AdmissionReview in, AdmissionReview out. A body that is not a v1 AdmissionReview is a 400 with
/// the reason; anything the injector does not handle (another kind, another operation, a pod it cannot read, a cache
/// not yet synced, a bug) is admitted unchanged with a warning that says so. It never throws and never returns half a
/// patch: the patch is computed whole, then sent, or nothing is. It refuses one thing: a pod that mounts another
/// ServiceAccount's workload certificate Secret (<see cref="WorkloadSecretMounts"/>).
/// </summary>
public sealed class AdmissionHandler(IInjectionPolicySource policies, InjectorOptions options, ILogger<AdmissionHandler> logger)
{
    /// <summary>Largest request body read (3 MiB, kube-apiserver's own request limit); a larger one is answered 413.</summary>
    public const int MaxBodyBytes = 3 * 1024 * 1024;

    /// <summary>Synchronous form for callers holding a span (benchmarks, tests); the endpoint uses <see cref="HandleAsync"/>.</summary>
    public AdmissionReply Handle(ReadOnlySpan<byte> body) => HandleAsync(body.ToArray(), CancellationToken.None).GetAwaiter().GetResult();

    public async Task<AdmissionReply> HandleAsync(ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var (request, uid, error) = AdmissionReviewEnvelope.Read(body);
        if (error is not null)
        {
            return error;
        }

        var (patch, warnings, refusal) = await DecideAsync(request!, ct).ConfigureAwait(false);
        if (refusal is not null)
        {
            return AdmissionReviewEnvelope.Answer(new JsonObject
            {
                ["uid"] = uid,
                ["allowed"] = false,
                ["status"] = new JsonObject { ["code"] = 403, ["reason"] = "Forbidden", ["message"] = refusal },
            });
        }

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
        return AdmissionReviewEnvelope.Answer(response);
    }

    private async Task<(JsonArray? Patch, IReadOnlyList<string> Warnings, string? Refusal)> DecideAsync(JsonObject request, CancellationToken ct)
    {
        var kind = request["kind"] as JsonObject;
        var (group, version, kindName) = (AdmissionReviewEnvelope.Text(kind?["group"]) ?? "", AdmissionReviewEnvelope.Text(kind?["version"]) ?? "", AdmissionReviewEnvelope.Text(kind?["kind"]) ?? "");
        if (group != "" || version != "v1" || kindName != "Pod" || !string.IsNullOrEmpty(AdmissionReviewEnvelope.Text(request["subResource"])))
        {
            var what = $"{(group.Length == 0 ? "" : group + "/")}{version}/{kindName}{(string.IsNullOrEmpty(AdmissionReviewEnvelope.Text(request["subResource"])) ? "" : " subresource " + AdmissionReviewEnvelope.Text(request["subResource"]))}";
            return (null, [$"mesh: the sidecar injector handles only v1 Pods; this {what} was admitted unchanged (check the rules of the MutatingWebhookConfiguration)."], null);
        }
        if (AdmissionReviewEnvelope.Text(request["operation"]) != "CREATE")
        {
            return (null, [$"mesh: the sidecar injector acts on CREATE only; this {AdmissionReviewEnvelope.Text(request["operation"]) ?? "(no operation)"} was admitted unchanged."], null);
        }
        if (request["object"] is not JsonObject pod)
        {
            return (null, ["mesh: the request carries no pod object; admitted unchanged."], null);
        }
        var ns = AdmissionReviewEnvelope.Text(request["namespace"]) ?? AdmissionReviewEnvelope.Text(pod["metadata"]?["namespace"]);
        if (string.IsNullOrEmpty(ns))
        {
            return (null, ["mesh: the request names no namespace; admitted without a sidecar."], null);
        }
        try
        {
            // Refused whatever the policies say: another ServiceAccount's workload certificate is another identity.
            var typed = k8s.KubernetesJson.Deserialize<k8s.Models.V1Pod>(pod.ToJsonString());
            if (typed.Spec is not null && WorkloadSecretMounts.Foreign(typed) is { Count: > 0 } foreign)
            {
                return (null, [], WorkloadSecretMounts.Refusal(typed, foreign));
            }

            if (!policies.Synced)
            {
                return (null, ["mesh: the injector has not read the MeshPolicies yet (operator starting); admitted without a sidecar: it shows as SidecarMissing on its MeshPolicy until it restarts."], null);
            }

            var result = SidecarInjector.Inject(pod, ns, await policies.PoliciesInAsync(ns, ct).ConfigureAwait(false), options);
            return (result.Patch, result.Warnings, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Never a 500 and never half a patch: whatever went wrong, the pod is admitted as it came.
            logger.LogWarning(e, "Could not inject a pod in {Namespace}; admitted without a sidecar", ns);
            return (null, [$"mesh: the pod could not be read ({e.Message}); admitted without a sidecar."], null);
        }
    }

}
