using System.Reflection;
using System.Text.Json.Nodes;
using Mesh.LocalCluster.Http;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Injection;

/// <summary>
/// config/webhook/mutating.yaml, embedded: the one definition of the injector's configuration, which local mode
/// installs as it is (with the operator's namespace and the caBundle filled in) and a cluster installs with kubectl or Argo CD.
/// </summary>
public static class WebhookConfigurationTemplate
{
    private const string ResourceName = "webhook/mutating.yaml";

    /// <summary>The template's YAML text.</summary>
    public static string Yaml()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded in the operator");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The configuration as JSON, pointing at <paramref name="operatorNamespace"/>, with <paramref name="caBundlePem"/> when given.</summary>
    public static JsonObject Build(string operatorNamespace, string? caBundlePem)
    {
        ArgumentException.ThrowIfNullOrEmpty(operatorNamespace);
        var config = YamlToJson.Documents(Yaml()).Single();
        foreach (var webhook in config["webhooks"]!.AsArray().OfType<JsonObject>())
        {
            var clientConfig = webhook["clientConfig"]!.AsObject();
            clientConfig["service"]!["namespace"] = operatorNamespace;
            if (caBundlePem is not null)
            {
                clientConfig["caBundle"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(caBundlePem));
            }
            foreach (var expression in webhook["namespaceSelector"]?["matchExpressions"]?.AsArray().OfType<JsonObject>() ?? [])
            {
                if (expression["values"] is JsonArray values)
                {
                    var replaced = values.Select(v => (string?)v == SidecarContract.ControlPlaneNamespace ? operatorNamespace : (string?)v).Distinct().ToArray();
                    expression["values"] = new JsonArray(replaced.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
                }
            }
        }
        return config;
    }
}
