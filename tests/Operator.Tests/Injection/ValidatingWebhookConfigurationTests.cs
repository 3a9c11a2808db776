using System.Text.Json.Nodes;
using Mesh.Operator.Injection;
using Mesh.Testing;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Tests.Injection;

/// <summary>config/webhook/validating.yaml: embedded as written, pointing at the validator path, safe by default.</summary>
public sealed class ValidatingWebhookConfigurationTests
{
    [Fact]
    public void The_embedded_template_is_the_file_a_cluster_applies() =>
        File.ReadAllText(RepoPaths.Of("config", "webhook", "validating.yaml")).Should().Be(WebhookConfigurationTemplate.ValidatingYaml());

    [Fact]
    public void It_validates_MeshPolicy_creates_and_updates_on_the_validator_path_and_never_blocks()
    {
        var config = WebhookConfigurationTemplate.BuildValidating("mesh-system", null);
        var webhook = config["webhooks"]!.AsArray().Single()!;

        config["metadata"]!["name"]!.GetValue<string>().Should().Be(SidecarContract.ValidatorConfigurationName);
        webhook["name"]!.GetValue<string>().Should().Be(SidecarContract.ValidatorWebhookName);
        webhook["clientConfig"]!["service"]!["path"]!.GetValue<string>().Should().Be(SidecarContract.ValidatorPath);
        webhook["clientConfig"]!["service"]!["name"]!.GetValue<string>().Should().Be(SidecarContract.WebhookServiceName);
        webhook["failurePolicy"]!.GetValue<string>().Should().Be("Ignore");
        webhook["sideEffects"]!.GetValue<string>().Should().Be("None", "the API server calls only side-effect-free webhooks on dry-run");
        var rule = webhook["rules"]!.AsArray().Single()!;
        rule["operations"]!.AsArray().Select(o => o!.GetValue<string>()).Should().Equal("CREATE", "UPDATE");
        rule["apiGroups"]!.AsArray().Select(o => o!.GetValue<string>()).Should().Equal("mesh.dev");
        rule["resources"]!.AsArray().Select(o => o!.GetValue<string>()).Should().Equal("meshpolicies");
    }

    [Fact]
    public void It_excludes_the_same_namespaces_as_the_injector_with_the_operator_namespace_filled_in()
    {
        var validating = WebhookConfigurationTemplate.BuildValidating("mesh-ops", "PEM");
        var mutating = WebhookConfigurationTemplate.Build("mesh-ops", "PEM");

        Selector(validating).Should().Be(Selector(mutating));
        Selector(validating).Should().Contain("mesh-ops").And.Contain("kube-system");
        validating["webhooks"]![0]!["clientConfig"]!["service"]!["namespace"]!.GetValue<string>().Should().Be("mesh-ops");
        validating["webhooks"]![0]!["clientConfig"]!["caBundle"]!.GetValue<string>().Should().NotBeEmpty();
    }

    [Fact]
    public void The_operator_patches_only_the_validator_caBundle_and_only_when_it_differs()
    {
        var bundle = System.Text.Encoding.UTF8.GetBytes("-----BEGIN CERTIFICATE-----\nroot\n-----END CERTIFICATE-----\n");
        var blank = k8s.KubernetesJson.Deserialize<k8s.Models.V1ValidatingWebhookConfiguration>(WebhookConfigurationTemplate.BuildValidating("mesh-system", null).ToJsonString());
        var filled = k8s.KubernetesJson.Deserialize<k8s.Models.V1ValidatingWebhookConfiguration>(WebhookConfigurationTemplate.BuildValidating("mesh-system", System.Text.Encoding.UTF8.GetString(bundle)).ToJsonString());

        CaBundlePatch.For(blank, bundle, "mesh-system").ToJsonString().Should().Be(
            $$"""[{"op":"test","path":"/webhooks/0/name","value":"{{SidecarContract.ValidatorWebhookName}}"},{"op":"add","path":"/webhooks/0/clientConfig/caBundle","value":"{{Convert.ToBase64String(bundle)}}"}]""");
        CaBundlePatch.For(filled, bundle, "mesh-system").Should().BeEmpty();
        CaBundlePatch.For(blank, bundle, "other-namespace").Should().BeEmpty("a webhook calling another namespace's Service is not ours");
    }

    private static string Selector(JsonObject config) => config["webhooks"]![0]!["namespaceSelector"]!.ToJsonString();
}
