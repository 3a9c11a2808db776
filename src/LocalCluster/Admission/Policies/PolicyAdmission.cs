using System.Text.Json.Nodes;
using Mesh.LocalCluster.Errors;
using Mesh.LocalCluster.Selectors;
using Mesh.LocalCluster.Resources;
using Mesh.LocalCluster.Storage;
using Mesh.LocalCluster.Validation;

namespace Mesh.LocalCluster.Admission.Policies;

/// <summary>
/// The ValidatingAdmissionPolicy admission plugin (apiserver admission/plugin/policy/validating/dispatcher.go): each
/// bound policy whose constraints and binding match the request is evaluated; a failed validation is handled as the
/// binding's validationActions say (Deny: the request is refused with the first denial, worded and coded as the real
/// plugin does; Warn: a Warning header; Audit: nothing, no audit log runs here). Runs in the validating phase, before
/// the validating webhooks, on the object the mutating webhooks and defaulting produced.
/// </summary>
internal sealed class PolicyAdmission(StorePolicySource source, ObjectStore store)
{
    private static readonly ResourceTypeKey Namespaces = new("", "namespaces");

    /// <summary>Cheap: whether any bound policy's rules name this request.</summary>
    public bool Applies(AdmissionAttributes request) =>
        source.Bound().Any(bound => PolicyMatcher.MayMatch(bound.Policy.Match, request));

    public void Validate(AdmissionAttributes request, Action<string> warn)
    {
        var bound = source.Bound();
        if (bound.Count == 0)
        {
            return;
        }

        var (namespaceObject, namespaceLabels) = Namespace(request);
        Dictionary<string, object?>? inputs = null;
        (PolicyDecision Decision, string Policy, string Binding)? denied = null;
        foreach (var (policy, bindings) in bound)
        {
            if (!PolicyMatcher.Matches(policy.Match, request, namespaceLabels))
            {
                continue;
            }

            foreach (var binding in bindings)
            {
                if (binding.MatchResources is { } narrowed && !PolicyMatcher.Matches(narrowed, request, namespaceLabels, ofBinding: true))
                {
                    continue;
                }

                inputs ??= Inputs(request, namespaceObject);
                foreach (var decision in PolicyEvaluator.Evaluate(policy, inputs))
                {
                    if (binding.ValidationActions.Contains("Warn"))
                    {
                        warn($"Validation failed for ValidatingAdmissionPolicy '{policy.Name}' with binding '{binding.Name}': {decision.Message}");
                    }

                    if (binding.ValidationActions.Contains("Deny") && denied is null)
                    {
                        denied = (decision, policy.Name, binding.Name);
                    }
                }
            }
        }

        if (denied is { } first)
        {
            throw Denial(request, first.Policy, first.Binding, first.Decision);
        }
    }

    /// <summary>admission.NewForbidden with the validation's reason and its code, the message repeated as a cause.</summary>
    private static ApiException Denial(AdmissionAttributes request, string policy, string binding, PolicyDecision decision)
    {
        var message = $"ValidatingAdmissionPolicy '{policy}' with binding '{binding}' denied request: {decision.Message}";
        var name = request.Name.Length > 0 ? request.Name : (string?)request.Object?["metadata"]?["name"] ?? "";
        var resource = ApiErrors.Qualified(request.Resource.Group, request.Resource.Plural);
        var code = decision.Reason switch
        {
            "Forbidden" => 403,
            "Unauthorized" => 401,
            "RequestEntityTooLarge" => 413,
            _ => 422,
        };
        var details = new JsonObject { ["name"] = name, ["group"] = request.Resource.Group, ["kind"] = request.Resource.Plural };
        details["causes"] = new JsonArray(new JsonObject { ["message"] = message });
        var text = name.Length > 0 ? $"{resource} \"{name}\" is forbidden: {message}" : $"{resource} is forbidden: {message}";
        return new ApiException(code, decision.Reason, text, details);
    }

    private (JsonObject? Object, IReadOnlyDictionary<string, string>? Labels) Namespace(AdmissionAttributes request)
    {
        var def = request.Resource;
        if (def.Group.Length == 0 && def.Plural == "namespaces" && request.Subresource.Length == 0)
        {
            // A Namespace request: matched by its own labels, and it has no namespaceObject (the real plugin unsets it).
            return (null, ObjectLabelSelector.LabelsOf(request.Object ?? request.OldObject));
        }

        if (!def.Namespaced)
        {
            return (null, null);
        }

        var stored = store.Get(Namespaces, "", request.Namespace);
        var obj = stored is null ? null : JsonNode.Parse(stored.Json)!.AsObject();
        return (obj, ObjectLabelSelector.LabelsOf(obj));
    }

    /// <summary>The CEL variables of admission policies other than variables (which the evaluator fills in).</summary>
    private static Dictionary<string, object?> Inputs(AdmissionAttributes request, JsonObject? namespaceObject)
    {
        // The objects are given to CEL below; the review would only copy them.
        var review = AdmissionReviewFactory.Build("", request with { Object = null, OldObject = null })["request"]!.AsObject();
        review.Remove("uid");
        review.Remove("object");
        review.Remove("oldObject");
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["object"] = CelValues.FromJson(request.Object, null),
            ["oldObject"] = CelValues.FromJson(request.OldObject, null),
            ["request"] = CelValues.FromJson(review, null),
            ["params"] = null,
            ["namespaceObject"] = CelValues.FromJson(namespaceObject, null),
        };
    }
}
