using System.Text;
using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Admission;

/// <summary>Reads stored webhook configurations into <see cref="WebhookDefinition"/>s in calling order. Pure.</summary>
internal static class WebhookDefinitions
{
    /// <summary>Configurations sorted by name, each one's webhooks in their listed order (kube-apiserver's order).</summary>
    public static IReadOnlyList<WebhookDefinition> From(IEnumerable<JsonObject> configurations, bool mutating) =>
        configurations
            .Select(c => (Name: (string?)c["metadata"]?["name"] ?? "", Config: c))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .SelectMany(c => Webhooks(c.Name, c.Config, mutating))
            .ToList();

    private static IEnumerable<WebhookDefinition> Webhooks(string configurationName, JsonObject configuration, bool mutating)
    {
        if (configuration["webhooks"] is not JsonArray webhooks)
        {
            yield break;
        }

        foreach (var hook in webhooks.OfType<JsonObject>())
        {
            yield return Parse(configurationName, hook, mutating);
        }
    }

    public static WebhookDefinition Parse(string configurationName, JsonObject hook, bool mutating)
    {
        var client = hook["clientConfig"] as JsonObject;
        var service = client?["service"] as JsonObject;
        return new WebhookDefinition
        {
            ConfigurationName = configurationName,
            Name = (string?)hook["name"] ?? "",
            Mutating = mutating,
            Url = (string?)client?["url"],
            Service = service is null
                ? null
                : new WebhookService(
                    (string?)service["namespace"] ?? "",
                    (string?)service["name"] ?? "",
                    Int(service["port"]) ?? 443,
                    (string?)service["path"] ?? ""),
            CaBundlePem = Decode((string?)client?["caBundle"]),
            Rules = hook["rules"] is JsonArray rules ? rules.OfType<JsonObject>().Select(Rule).ToList() : [],
            NamespaceSelector = hook["namespaceSelector"] as JsonObject,
            ObjectSelector = hook["objectSelector"] as JsonObject,
            FailurePolicy = (string?)hook["failurePolicy"] ?? "Fail",
            MatchPolicy = (string?)hook["matchPolicy"] ?? "Equivalent",
            SideEffects = (string?)hook["sideEffects"] ?? "Unknown",
            TimeoutSeconds = Int(hook["timeoutSeconds"]) ?? 10,
            ReinvocationPolicy = (string?)hook["reinvocationPolicy"] ?? "Never",
        };
    }

    /// <summary>One RuleWithOperations (of a webhook, or of an admission policy's resourceRules), scope defaulting to "*".</summary>
    internal static WebhookRule Rule(JsonObject rule) => new(
        Strings(rule["operations"]), Strings(rule["apiGroups"]), Strings(rule["apiVersions"]), Strings(rule["resources"]),
        (string?)rule["scope"] ?? "*");

    internal static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(v => v?.ToString() ?? "").ToList() : [];

    private static int? Int(JsonNode? node) =>
        node is JsonValue value && int.TryParse(value.ToJsonString(), out var parsed) ? parsed : null;

    private static string? Decode(string? base64)
    {
        if (string.IsNullOrEmpty(base64))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            // Stored configurations were validated; an undecodable bundle trusts nothing, so calls fail TLS.
            return "";
        }
    }
}
