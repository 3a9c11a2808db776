using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mesh.LocalCluster.Errors;

namespace Mesh.LocalCluster.Admission;

/// <summary>
/// Defaults and validates Mutating/ValidatingWebhookConfigurations as kube-apiserver does (admissionregistration v1
/// defaults and pkg/apis/admissionregistration/validation): every problem is reported at once with the real wording.
/// </summary>
internal static partial class WebhookConfigurationValidator
{
    private static readonly string[] Operations = ["*", "CONNECT", "CREATE", "DELETE", "UPDATE"];

    /// <summary>The v1 defaults: failurePolicy, matchPolicy, selectors, timeoutSeconds, reinvocationPolicy, scope, port.</summary>
    public static void ApplyDefaults(JsonObject configuration, bool mutating)
    {
        foreach (var hook in Hooks(configuration))
        {
            hook["failurePolicy"] ??= "Fail";
            hook["matchPolicy"] ??= "Equivalent";
            hook["namespaceSelector"] ??= new JsonObject();
            hook["objectSelector"] ??= new JsonObject();
            hook["timeoutSeconds"] ??= 10;
            if (mutating)
            {
                hook["reinvocationPolicy"] ??= "Never";
            }

            if (hook["clientConfig"]?["service"] is JsonObject service)
            {
                service["port"] ??= 443;
            }

            foreach (var rule in (hook["rules"] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                rule["scope"] ??= "*";
            }
        }
    }

    /// <summary>
    /// Field errors. <paramref name="old"/> is the stored configuration on update: sideEffects Some/Unknown and
    /// unrecognised review versions are tolerated when it already had them (ratcheting, as the real server does).
    /// </summary>
    public static List<FieldCause> Validate(JsonObject configuration, bool mutating, JsonObject? old)
    {
        var causes = new List<FieldCause>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var hooks = configuration["webhooks"] as JsonArray ?? [];
        var lenient = old is not null && Hooks(old).Any(h => (string?)h["sideEffects"] is "Some" or "Unknown");
        for (var i = 0; i < hooks.Count; i++)
        {
            var path = $"webhooks[{i}]";
            if (hooks[i] is not JsonObject hook)
            {
                causes.Add(FieldCause.Required(path));
                continue;
            }

            var name = (string?)hook["name"] ?? "";
            if (name.Length == 0)
            {
                causes.Add(FieldCause.Required($"{path}.name"));
            }
            else if (!names.Add(name))
            {
                causes.Add(new FieldCause($"{path}.name", "FieldValueDuplicate", $"Duplicate value: \"{name}\""));
            }
            else if (!QualifiedName().IsMatch(name) || name.Split('.').Length < 3)
            {
                causes.Add(FieldCause.Invalid($"{path}.name", name, "should be a domain with at least three segments separated by dots"));
            }

            WebhookFieldRules.Check(hook, path, mutating, lenient, causes);
        }

        return causes;
    }

    internal static IReadOnlyList<string> SupportedOperations => Operations;

    private static IEnumerable<JsonObject> Hooks(JsonObject configuration) =>
        (configuration["webhooks"] as JsonArray)?.OfType<JsonObject>() ?? [];

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex QualifiedName();
}
