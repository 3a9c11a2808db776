using System.Globalization;
using System.Text.Json.Nodes;
using Mesh.LocalCluster.Errors;

namespace Mesh.LocalCluster.Admission;

/// <summary>The per-webhook checks of <see cref="WebhookConfigurationValidator"/>, one small rule each.</summary>
internal static class WebhookFieldRules
{
    public static void Check(JsonObject hook, string path, bool mutating, bool lenient, List<FieldCause> causes)
    {
        SideEffects(hook, path, lenient, causes);
        ReviewVersions(hook, path, causes);
        ClientConfig(hook, path, causes);
        Timeout(hook, path, causes);
        OneOf(hook, "failurePolicy", path, ["Fail", "Ignore"], causes);
        OneOf(hook, "matchPolicy", path, ["Equivalent", "Exact"], causes);
        if (mutating)
        {
            OneOf(hook, "reinvocationPolicy", path, ["IfNeeded", "Never"], causes);
        }

        Rules(hook, path, causes);
    }

    private static void SideEffects(JsonObject hook, string path, bool lenient, List<FieldCause> causes)
    {
        var value = (string?)hook["sideEffects"];
        if (value is null)
        {
            causes.Add(FieldCause.Required($"{path}.sideEffects", "must specify one of None, NoneOnDryRun"));
        }
        else if (value is not ("None" or "NoneOnDryRun") && !(lenient && value is "Some" or "Unknown"))
        {
            causes.Add(NotSupported($"{path}.sideEffects", value, ["None", "NoneOnDryRun"]));
        }
    }

    private static void ReviewVersions(JsonObject hook, string path, List<FieldCause> causes)
    {
        var field = $"{path}.admissionReviewVersions";
        var versions = (hook["admissionReviewVersions"] as JsonArray)?.Select(v => v?.ToString() ?? "").ToList() ?? [];
        if (versions.Count == 0)
        {
            causes.Add(FieldCause.Required(field, "must specify one of v1, v1beta1"));
        }
        else if (!versions.Any(v => v is "v1" or "v1beta1"))
        {
            var shown = "[]string{" + string.Join(", ", versions.Select(v => $"\"{v}\"")) + "}";
            causes.Add(new FieldCause(field, "FieldValueInvalid", $"Invalid value: {shown}: must include at least one of v1, v1beta1"));
        }
    }

    private static void ClientConfig(JsonObject hook, string path, List<FieldCause> causes)
    {
        var field = $"{path}.clientConfig";
        var config = hook["clientConfig"] as JsonObject;
        var url = (string?)config?["url"];
        var service = config?["service"] as JsonObject;
        if ((url is null) == (service is null))
        {
            causes.Add(FieldCause.Required(field, "exactly one of url or service is required"));
        }

        if (url is not null)
        {
            Url($"{field}.url", url, causes);
        }

        if (service is not null)
        {
            Service($"{field}.service", service, causes);
        }

        if ((string?)config?["caBundle"] is { Length: > 0 } bundle && !IsBase64(bundle))
        {
            causes.Add(FieldCause.Invalid($"{field}.caBundle", "", "illegal base64 data"));
        }
    }

    private static void Url(string field, string url, List<FieldCause> causes)
    {
        const string Form = "; desired format: https://host[/path]";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            causes.Add(FieldCause.Required(field, "url must be a valid URL: parse \"" + url + "\": invalid URI" + Form));
            return;
        }

        if (uri.Scheme != "https")
        {
            causes.Add(FieldCause.Invalid(field, uri.Scheme, "'https' is the only allowed URL scheme" + Form));
        }

        if (uri.Host.Length == 0)
        {
            causes.Add(FieldCause.Invalid(field, "", "host must be specified" + Form));
        }

        if (uri.UserInfo.Length > 0)
        {
            causes.Add(FieldCause.Invalid(field, uri.UserInfo, "user information is not permitted in the URL"));
        }

        if (uri.Fragment.Length > 1)
        {
            causes.Add(FieldCause.Invalid(field, uri.Fragment[1..], "fragments are not permitted in the URL"));
        }

        if (uri.Query.Length > 1)
        {
            causes.Add(FieldCause.Invalid(field, uri.Query[1..], "query parameters are not permitted in the URL"));
        }
    }

    private static void Service(string field, JsonObject service, List<FieldCause> causes)
    {
        if ((string?)service["name"] is null or "")
        {
            causes.Add(FieldCause.Required($"{field}.name", "service name is required"));
        }

        if ((string?)service["namespace"] is null or "")
        {
            causes.Add(FieldCause.Required($"{field}.namespace", "service namespace is required"));
        }

        var port = Int(service["port"]) ?? 443;
        if (port is < 1 or > 65535)
        {
            causes.Add(new FieldCause($"{field}.port", "FieldValueInvalid",
                $"Invalid value: {port}: port is not valid: must be between 1 and 65535, inclusive"));
        }

        var servicePath = (string?)service["path"] ?? "";
        if (servicePath.Length > 0 && servicePath != "/" && !servicePath.StartsWith('/'))
        {
            causes.Add(FieldCause.Invalid($"{field}.path", servicePath, "must start with a '/'"));
        }
    }

    private static void Timeout(JsonObject hook, string path, List<FieldCause> causes)
    {
        if (Int(hook["timeoutSeconds"]) is { } timeout && timeout is < 1 or > 30)
        {
            causes.Add(new FieldCause($"{path}.timeoutSeconds", "FieldValueInvalid",
                $"Invalid value: {timeout}: the timeout value must be between 1 and 30 seconds"));
        }
    }

    private static void Rules(JsonObject hook, string path, List<FieldCause> causes) =>
        CheckRules(hook["rules"] as JsonArray, $"{path}.rules", causes);

    /// <summary>RuleWithOperations entries (of a webhook, or of an admission policy's resourceRules).</summary>
    public static void CheckRules(JsonArray? rules, string path, List<FieldCause> causes)
    {
        rules ??= [];
        for (var i = 0; i < rules.Count; i++)
        {
            var field = $"{path}[{i}]";
            var rule = rules[i] as JsonObject ?? [];
            foreach (var list in new[] { "operations", "apiGroups", "apiVersions", "resources" })
            {
                if (rule[list] is not JsonArray { Count: > 0 })
                {
                    causes.Add(FieldCause.Required($"{field}.{list}"));
                }
            }

            var operations = (rule["operations"] as JsonArray)?.Select(o => o?.ToString() ?? "").ToList() ?? [];
            for (var j = 0; j < operations.Count; j++)
            {
                if (!WebhookConfigurationValidator.SupportedOperations.Contains(operations[j]))
                {
                    causes.Add(NotSupported($"{field}.operations[{j}]", operations[j], WebhookConfigurationValidator.SupportedOperations));
                }
            }

            OneOf(rule, "scope", field, ["*", "Cluster", "Namespaced"], causes);
        }
    }

    public static void OneOf(JsonObject obj, string member, string path, IReadOnlyList<string> supported, List<FieldCause> causes)
    {
        if ((string?)obj[member] is { } value && !supported.Contains(value))
        {
            causes.Add(NotSupported($"{path}.{member}", value, supported));
        }
    }

    public static FieldCause NotSupported(string field, string value, IReadOnlyList<string> supported) =>
        new(field, "FieldValueNotSupported",
            $"Unsupported value: \"{value}\": supported values: {string.Join(", ", supported.Select(s => $"\"{s}\""))}");

    private static int? Int(JsonNode? node) =>
        node is JsonValue value && int.TryParse(value.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;

    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out _);
    }
}
