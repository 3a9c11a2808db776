using System.Reflection;
using System.Text.Json.Nodes;
using Mesh.LocalCluster.Http;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Injection;

/// <summary>
/// config/webhook/mutating.yaml (and validating.yaml), embedded: the one definition of the injector's (and the
/// MeshPolicy validator's) configuration, which local mode installs as it is (with the operator's namespace and the
/// caBundle filled in) and a cluster installs with kubectl or Argo CD.
/// </summary>
public static class WebhookConfigurationTemplate
{
    private const string ResourceName = "webhook/mutating.yaml";

    private const string ValidatingResourceName = "webhook/validating.yaml";

    private const string WorkloadSecretPolicyResourceName = "webhook/workload_secret_use.yaml";

    /// <summary>The template's YAML text.</summary>
    public static string Yaml() => Yaml(ResourceName);

    /// <summary>The validator's configuration as JSON, filled in as <see cref="Build"/> fills the injector's.</summary>
    public static JsonObject BuildValidating(string operatorNamespace, string? caBundlePem) =>
        Fill(YamlToJson.Documents(Yaml(ValidatingResourceName)).Single(), operatorNamespace, caBundlePem);

    /// <summary>
    /// config/webhook/workload_secret_use.yaml: the ValidatingAdmissionPolicy guarding workload certificates and its
    /// binding, as they are (they name nothing of the install's namespace).
    /// </summary>
    public static IReadOnlyList<JsonObject> WorkloadSecretPolicy() => YamlToJson.Documents(Yaml(WorkloadSecretPolicyResourceName)).ToList();

    /// <summary>The validator template's YAML text.</summary>
    public static string ValidatingYaml() => Yaml(ValidatingResourceName);

    private static string Yaml(string resourceName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"{resourceName} is not embedded in the operator");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The configuration as JSON, pointing at <paramref name="operatorNamespace"/>, with <paramref name="caBundlePem"/> when given.</summary>
    public static JsonObject Build(string operatorNamespace, string? caBundlePem)
    {
        ArgumentException.ThrowIfNullOrEmpty(operatorNamespace);
        return Fill(YamlToJson.Documents(Yaml()).Single(), operatorNamespace, caBundlePem);
    }

    private static JsonObject Fill(JsonObject config, string operatorNamespace, string? caBundlePem)
    {
        ArgumentException.ThrowIfNullOrEmpty(operatorNamespace);
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
