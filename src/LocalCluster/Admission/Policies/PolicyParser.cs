using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mesh.LocalCluster.Errors;
using Mesh.LocalCluster.Validation;

namespace Mesh.LocalCluster.Admission.Policies;

/// <summary>
/// Reads ValidatingAdmissionPolicies and their bindings (admissionregistration.k8s.io/v1), compiling each expression
/// with the CEL environment of admission policies, and reports every field error at once in kube-apiserver's words
/// (pkg/apis/admissionregistration/validation). Pure. Not supported here, and refused with a message saying so:
/// spec.paramKind and a binding's paramRef, and the <c>authorizer</c> variable (no authorizer runs in this API).
/// </summary>
internal static partial class PolicyParser
{
    private static readonly string[] FailurePolicies = ["Fail", "Ignore"];
    private static readonly string[] Reasons = ["Unauthorized", "Forbidden", "Invalid", "RequestEntityTooLarge"];
    private static readonly string[] Actions = ["Audit", "Deny", "Warn"];

    private const string Unsupported =
        "params are not supported by this embedded API server; write the values into the policy's expressions, or use a real cluster";

    /// <summary>What a match condition sees (variables are not yet defined there).</summary>
    private static readonly HashSet<string> ConditionRoots = new(StringComparer.Ordinal) { "object", "oldObject", "request", "params", "namespaceObject" };

    /// <summary>What variables, validations and message expressions see.</summary>
    private static readonly HashSet<string> ValidationRoots = new(ConditionRoots, StringComparer.Ordinal) { "variables" };

    /// <summary>The policy, or null with the causes that make it invalid.</summary>
    public static (ValidatingPolicy? Policy, List<FieldCause> Causes) Policy(JsonObject obj)
    {
        var causes = new List<FieldCause>();
        var spec = obj["spec"] as JsonObject ?? [];
        var failurePolicy = (string?)spec["failurePolicy"] ?? "Fail";
        WebhookFieldRules.OneOf(spec, "failurePolicy", "spec", FailurePolicies, causes);
        if (spec["paramKind"] is not null)
        {
            causes.Add(FieldCause.Forbidden("spec.paramKind", Unsupported));
        }

        PolicyMatch? match = null;
        if (spec["matchConstraints"] is not JsonObject constraints)
        {
            causes.Add(FieldCause.Required("spec.matchConstraints"));
        }
        else
        {
            if (constraints["resourceRules"] is not JsonArray { Count: > 0 })
            {
                causes.Add(FieldCause.Required("spec.matchConstraints.resourceRules"));
            }

            match = Match(constraints, "spec.matchConstraints", causes);
        }

        var validations = spec["validations"] as JsonArray ?? [];
        if (validations.Count == 0 && spec["auditAnnotations"] is not JsonArray { Count: > 0 })
        {
            causes.Add(FieldCause.Required("spec.validations", "validations or auditAnnotations must contain at least one item"));
        }

        AuditAnnotations(spec["auditAnnotations"] as JsonArray, causes);
        var conditions = Named(spec["matchConditions"] as JsonArray, "spec.matchConditions", ConditionRoots, causes);
        var variables = Named(spec["variables"] as JsonArray, "spec.variables", ValidationRoots, causes);
        var compiled = new List<PolicyValidation>();
        for (var i = 0; i < validations.Count; i++)
        {
            if (Validation(validations[i] as JsonObject ?? [], $"spec.validations[{i}]", causes) is { } validation)
            {
                compiled.Add(validation);
            }
        }

        if (causes.Count > 0 || match is null)
        {
            return (null, causes);
        }

        return (new ValidatingPolicy
        {
            Name = (string?)obj["metadata"]?["name"] ?? "",
            ResourceVersion = (string?)obj["metadata"]?["resourceVersion"] ?? "",
            FailurePolicy = failurePolicy,
            Match = match,
            MatchConditions = conditions,
            Variables = variables,
            Validations = compiled,
        }, causes);
    }

    /// <summary>The binding, or null with the causes that make it invalid.</summary>
    public static (PolicyBinding? Binding, List<FieldCause> Causes) Binding(JsonObject obj)
    {
        var causes = new List<FieldCause>();
        var spec = obj["spec"] as JsonObject ?? [];
        var policyName = (string?)spec["policyName"] ?? "";
        if (policyName.Length == 0)
        {
            causes.Add(FieldCause.Required("spec.policyName"));
        }

        if (spec["paramRef"] is not null)
        {
            causes.Add(FieldCause.Forbidden("spec.paramRef", Unsupported));
        }

        var actions = WebhookDefinitions.Strings(spec["validationActions"]);
        if (actions.Count == 0)
        {
            causes.Add(FieldCause.Required("spec.validationActions", "at least one validation action is required"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < actions.Count; i++)
        {
            if (!Actions.Contains(actions[i]))
            {
                causes.Add(WebhookFieldRules.NotSupported($"spec.validationActions[{i}]", actions[i], Actions));
            }
            else if (!seen.Add(actions[i]))
            {
                causes.Add(new FieldCause($"spec.validationActions[{i}]", "FieldValueDuplicate", $"Duplicate value: \"{actions[i]}\""));
            }
        }

        if (seen.Contains("Deny") && seen.Contains("Warn"))
        {
            causes.Add(new FieldCause("spec.validationActions", "FieldValueInvalid",
                "Invalid value: " + new JsonArray(actions.Select(a => (JsonNode?)a).ToArray()).ToJsonString()
                + ": must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)"));
        }

        var matchResources = spec["matchResources"] is JsonObject resources ? Match(resources, "spec.matchResources", causes) : null;
        return causes.Count > 0
            ? (null, causes)
            : (new PolicyBinding
            {
                Name = (string?)obj["metadata"]?["name"] ?? "",
                PolicyName = policyName,
                ValidationActions = actions,
                MatchResources = matchResources,
            }, causes);
    }

    private static PolicyMatch Match(JsonObject match, string path, List<FieldCause> causes)
    {
        WebhookFieldRules.CheckRules(match["resourceRules"] as JsonArray, $"{path}.resourceRules", causes);
        WebhookFieldRules.CheckRules(match["excludeResourceRules"] as JsonArray, $"{path}.excludeResourceRules", causes);
        WebhookFieldRules.OneOf(match, "matchPolicy", path, ["Exact", "Equivalent"], causes);
        return new PolicyMatch
        {
            ResourceRules = Rules(match["resourceRules"] as JsonArray),
            ExcludeResourceRules = Rules(match["excludeResourceRules"] as JsonArray),
            NamespaceSelector = match["namespaceSelector"] as JsonObject,
            ObjectSelector = match["objectSelector"] as JsonObject,
        };
    }

    private static List<PolicyRule> Rules(JsonArray? rules) =>
        (rules ?? []).OfType<JsonObject>()
            .Select(rule => new PolicyRule(WebhookDefinitions.Rule(rule), WebhookDefinitions.Strings(rule["resourceNames"])))
            .ToList();

    private static List<PolicyExpression> Named(JsonArray? entries, string path, IReadOnlySet<string> roots, List<FieldCause> causes)
    {
        var compiled = new List<PolicyExpression>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var isVariable = roots.Contains("variables");
        for (var i = 0; i < (entries?.Count ?? 0); i++)
        {
            var field = $"{path}[{i}]";
            var entry = entries![i] as JsonObject ?? [];
            var name = (string?)entry["name"] ?? "";
            if (name.Length == 0)
            {
                causes.Add(FieldCause.Required($"{field}.name", isVariable ? "name is not specified" : ""));
            }
            else if (isVariable && !CelIdentifier().IsMatch(name))
            {
                causes.Add(FieldCause.Invalid($"{field}.name", name, "name is not a valid CEL identifier"));
            }
            else if (!names.Add(name))
            {
                causes.Add(new FieldCause($"{field}.name", "FieldValueDuplicate", $"Duplicate value: \"{name}\""));
            }

            if (Expression(entry, "expression", field, roots, causes) is { } program)
            {
                compiled.Add(new PolicyExpression(name, (string?)entry["expression"] ?? "", program));
            }
        }

        return compiled;
    }

    /// <summary>Checked and compiled like the real server does; never evaluated, as no audit log runs here.</summary>
    private static void AuditAnnotations(JsonArray? annotations, List<FieldCause> causes)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (annotations?.Count ?? 0); i++)
        {
            var path = $"spec.auditAnnotations[{i}]";
            var annotation = annotations![i] as JsonObject ?? [];
            var key = (string?)annotation["key"] ?? "";
            if (key.Length == 0)
            {
                causes.Add(FieldCause.Required($"{path}.key"));
            }
            else if (!keys.Add(key))
            {
                causes.Add(new FieldCause($"{path}.key", "FieldValueDuplicate", $"Duplicate value: \"{key}\""));
            }

            Expression(annotation, "valueExpression", path, ValidationRoots, causes);
        }
    }

    private static PolicyValidation? Validation(JsonObject validation, string path, List<FieldCause> causes)
    {
        var reason = (string?)validation["reason"];
        WebhookFieldRules.OneOf(validation, "reason", path, Reasons, causes);
        var program = Expression(validation, "expression", path, ValidationRoots, causes);
        var messageProgram = (string?)validation["messageExpression"] is { Length: > 0 }
            ? Expression(validation, "messageExpression", path, ValidationRoots, causes)
            : null;
        return program is null
            ? null
            : new PolicyValidation
            {
                Expression = (string?)validation["expression"] ?? "",
                Program = program,
                Message = (string?)validation["message"] ?? "",
                MessageProgram = messageProgram,
                Reason = reason,
            };
    }

    private static Cel.CelProgramDelegate? Expression(JsonObject entry, string member, string path, IReadOnlySet<string> roots, List<FieldCause> causes)
    {
        var expression = (string?)entry[member] ?? "";
        if (expression.Trim().Length == 0)
        {
            causes.Add(FieldCause.Required($"{path}.{member}", "expression is not specified"));
            return null;
        }

        var (program, error, _) = CelCompiler.Compile(expression, roots);
        if (program is null)
        {
            causes.Add(FieldCause.Invalid($"{path}.{member}", expression, $"compilation failed: {error}"));
        }

        return program;
    }

    [GeneratedRegex("^[_a-zA-Z][_a-zA-Z0-9]*$")]
    private static partial Regex CelIdentifier();
}
