using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using Mesh.Operator.Entities;
using Mesh.Operator.Planning;
using Mesh.Operator.WhatIf;
using Microsoft.Extensions.Logging;

namespace Mesh.Operator.Injection;

/// <summary>
/// The validating webhook on MeshPolicy (POST <c>/validate-meshpolicy</c>): refuses on CREATE and UPDATE what the
/// planner refuses in the policy itself, so that errors show at <c>kubectl apply</c> (dry-run included) and not only
/// later in status (errors about other objects, which may be applied next, come back as warnings), and
/// answers an accepted policy with short what-if warnings (<c>what-if: 3 proxies, clusters +1 ~2, routes ~1</c>)
/// that kubectl prints as <c>Warning:</c> lines. Side-effect free, so dry-run requests are answered the same way.
/// A body that is not a v1 AdmissionReview is a 400; anything it cannot judge (another kind, the live state unreadable,
/// a bug) is allowed with a warning saying so: the configuration's failurePolicy is Ignore for the same reason.
/// </summary>
public sealed class MeshPolicyValidationHandler(IMeshStateSource state, ILogger<MeshPolicyValidationHandler> logger)
{
    /// <summary>How long the live read may take: under the configuration's timeoutSeconds (10).</summary>
    public static readonly TimeSpan StateReadTimeout = TimeSpan.FromSeconds(6);

    public async Task<AdmissionReply> HandleAsync(ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var (request, uid, error) = AdmissionReviewEnvelope.Read(body);
        if (error is not null)
        {
            return error;
        }

        var (denial, warnings) = await DecideAsync(request!, ct).ConfigureAwait(false);
        var response = new JsonObject { ["uid"] = uid, ["allowed"] = denial is null };
        if (denial is not null)
        {
            response["status"] = new JsonObject { ["code"] = 422, ["reason"] = "Invalid", ["message"] = denial };
        }
        if (warnings.Count > 0)
        {
            response["warnings"] = new JsonArray(warnings.Select(w => (JsonNode)JsonValue.Create(w)).ToArray());
        }
        return AdmissionReviewEnvelope.Answer(response);
    }

    private async Task<(string? Denial, IReadOnlyList<string> Warnings)> DecideAsync(JsonObject request, CancellationToken ct)
    {
        var kind = request["kind"] as JsonObject;
        var (group, version, kindName) = (AdmissionReviewEnvelope.Text(kind?["group"]) ?? "", AdmissionReviewEnvelope.Text(kind?["version"]) ?? "", AdmissionReviewEnvelope.Text(kind?["kind"]) ?? "");
        if (group != MeshPolicy.KubeGroup || version != MeshPolicy.KubeApiVersion || kindName != MeshPolicy.KubeKind || !string.IsNullOrEmpty(AdmissionReviewEnvelope.Text(request["subResource"])))
        {
            return (null, [$"mesh: the MeshPolicy validator judges only {MeshPolicy.KubeGroupVersion} MeshPolicy; this {group}/{version}/{kindName} was admitted unjudged (check the webhook's rules)."]);
        }
        if (AdmissionReviewEnvelope.Text(request["operation"]) is not ("CREATE" or "UPDATE"))
        {
            return (null, []);
        }
        if (request["object"] is not JsonObject obj)
        {
            return (null, ["mesh: the request carries no MeshPolicy object; admitted unjudged."]);
        }

        MeshPolicy policy;
        try
        {
            policy = KubernetesJson.Deserialize<MeshPolicy>(obj.ToJsonString());
        }
        catch (JsonException e)
        {
            // The CRD schema refuses what cannot be read before validating webhooks run; this is a safety net.
            return ($"the object cannot be read as a MeshPolicy ({e.Message}); fix the field it names.", []);
        }
        var ns = AdmissionReviewEnvelope.Text(request["namespace"]) ?? policy.Metadata.NamespaceProperty;
        if (string.IsNullOrEmpty(ns) || string.IsNullOrEmpty(policy.Metadata.Name))
        {
            return (null, ["mesh: the request names no namespace or name; admitted unjudged."]);
        }
        policy.Metadata.NamespaceProperty = ns;
        // The what-if (every proxy translated twice) answers dry runs, where users look for it; a real apply only needs
        // the planner, and must stay fast: the policy's pods may be admitted right after it (kubectl apply -f dir/).
        var dryRun = request["dryRun"] is JsonValue flag && flag.TryGetValue<bool>(out var isDryRun) && isDryRun;

        IReadOnlyList<NamespaceState> live;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            timeout.CancelAfter(StateReadTimeout);
            try
            {
                live = await state.ReadAsync(ns, dryRun, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "Could not read the live state to judge MeshPolicy {Namespace}/{Name}; admitted unjudged", ns, policy.Metadata.Name);
                return (null, ["mesh: the operator could not read the live state in time; admitted unjudged (see the policy's status)."]);
            }
        }

        try
        {
            var outcome = dryRun ? WhatIfPlanner.Evaluate(live, [policy]) : WhatIfPlanner.PlanOnly(live, [policy]);
            var plan = outcome.Plans.Single();
            var problems = plan.Warnings.Select(p => Short($"mesh: {ProblemCodes.Of(p)} {p.Field}: {p.Message}")).ToList();
            var invalid = plan.Errors.Where(IsIntrinsic).ToList();
            if (invalid.Count > 0)
            {
                var errors = invalid.Select(p => $"{p.Field}: {p.Message.TrimEnd('.')}").ToList();
                return ($"MeshPolicy {ns}/{policy.Metadata.Name} is refused by the mesh planner: {string.Join("; ", errors)}.", problems);
            }
            if (!plan.IsAccepted)
            {
                // Only references to other objects are wrong: admitted, because they may be applied next.
                return (null,
                [
                    Short($"mesh: not accepted until what it references exists (Accepted=False meanwhile); proxies keep their config"),
                    .. plan.Errors.Select(p => Short($"mesh: {ProblemCodes.Of(p)} {p.Field}: {p.Message}")),
                    .. problems,
                ]);
            }
            return (null, dryRun ? [.. WhatIfText.Warnings(outcome.Report), .. problems] : problems);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not judge MeshPolicy {Namespace}/{Name}; admitted unjudged", ns, policy.Metadata.Name);
            return (null, [$"mesh: the policy could not be judged ({Short(e.Message)}); admitted unjudged."]);
        }
    }

    /// <summary>
    /// An error in the policy itself (an RE2-incompatible regex, an ambiguous backend port), true whatever else the
    /// cluster holds: refused. A missing Service or one governed by an older policy (ReferenceNotFound, Conflict)
    /// depends on other objects and on the order they are applied in (<c>kubectl apply -f dir/</c> applies
    /// meshpolicy.yaml before reviews.yaml; a policy is applied before its pods on purpose): refusing it would break
    /// applies that end up correct, so it is answered with warnings and reported in status as before.
    /// </summary>
    private static bool IsIntrinsic(PlanProblem problem) =>
        problem.Severity == ProblemSeverity.Error && problem.Reason == Entities.ConditionReasons.Invalid;

    private static string Short(string line) =>
        line.Length <= WhatIfText.MaxWarningLength ? line : line[..(WhatIfText.MaxWarningLength - 3)] + "...";

}
