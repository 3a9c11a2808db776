using System.Text.Json.Nodes;
using Mesh.LocalCluster.Admission;

namespace Mesh.LocalCluster.Tests.Admission;

public sealed class WebhookConfigurationValidatorTests
{
    [Fact]
    public void A_complete_webhook_is_valid()
    {
        WebhookConfigurationValidator.Validate(Config(Hook()), mutating: true, old: null).Should().BeEmpty();
    }

    [Fact]
    public void Every_problem_is_reported_at_once_with_the_real_wording()
    {
        var bad = Hook("short");
        bad["admissionReviewVersions"] = new JsonArray("v2");
        bad["clientConfig"] = new JsonObject { ["url"] = "http://hooks.example/x?y=1" };
        bad["failurePolicy"] = "Sometimes";
        bad["reinvocationPolicy"] = "Always";
        bad["rules"] = new JsonArray(new JsonObject { ["operations"] = new JsonArray("PATCH"), ["apiGroups"] = new JsonArray(""), ["apiVersions"] = new JsonArray("v1") });
        var causes = WebhookConfigurationValidator.Validate(Config(bad, Hook("short")), mutating: true, old: null).Select(c => c.ToString()).ToList();
        causes.Should().BeEquivalentTo(
            "webhooks[0].name: Invalid value: \"short\": should be a domain with at least three segments separated by dots",
            "webhooks[0].admissionReviewVersions: Invalid value: []string{\"v2\"}: must include at least one of v1, v1beta1",
            "webhooks[0].clientConfig.url: Invalid value: \"http\": 'https' is the only allowed URL scheme; desired format: https://host[/path]",
            "webhooks[0].clientConfig.url: Invalid value: \"y=1\": query parameters are not permitted in the URL",
            "webhooks[0].failurePolicy: Unsupported value: \"Sometimes\": supported values: \"Fail\", \"Ignore\"",
            "webhooks[0].reinvocationPolicy: Unsupported value: \"Always\": supported values: \"IfNeeded\", \"Never\"",
            "webhooks[0].rules[0].resources: Required value",
            "webhooks[0].rules[0].operations[0]: Unsupported value: \"PATCH\": supported values: \"*\", \"CONNECT\", \"CREATE\", \"DELETE\", \"UPDATE\"",
            "webhooks[1].name: Duplicate value: \"short\"");
    }

    [Fact]
    public void Service_port_and_path_are_checked()
    {
        var hook = Hook();
        hook["clientConfig"] = new JsonObject { ["service"] = new JsonObject { ["namespace"] = "", ["name"] = "svc", ["port"] = 70000, ["path"] = "x" } };
        var causes = WebhookConfigurationValidator.Validate(Config(hook), mutating: false, old: null).Select(c => c.ToString()).ToList();
        causes.Should().BeEquivalentTo(
            "webhooks[0].clientConfig.service.namespace: Required value: service namespace is required",
            "webhooks[0].clientConfig.service.port: Invalid value: 70000: port is not valid: must be between 1 and 65535, inclusive",
            "webhooks[0].clientConfig.service.path: Invalid value: \"x\": must start with a '/'");
    }

    [Fact]
    public void Side_effects_Some_is_refused_on_create_but_kept_on_an_update_of_a_configuration_that_had_it()
    {
        var hook = Hook();
        hook["sideEffects"] = "Some";
        WebhookConfigurationValidator.Validate(Config(hook.DeepClone().AsObject()), mutating: true, old: null).Should().ContainSingle()
            .Which.ToString().Should().Be("webhooks[0].sideEffects: Unsupported value: \"Some\": supported values: \"None\", \"NoneOnDryRun\"");
        WebhookConfigurationValidator.Validate(Config(hook.DeepClone().AsObject()), mutating: true, old: Config(hook.DeepClone().AsObject())).Should().BeEmpty();
    }

    [Fact]
    public void Defaults_fill_only_what_is_missing()
    {
        var hook = Hook();
        hook["timeoutSeconds"] = 3;
        var config = Config(hook);
        WebhookConfigurationValidator.ApplyDefaults(config, mutating: false);
        var defaulted = config["webhooks"]![0]!;
        defaulted["timeoutSeconds"]!.GetValue<int>().Should().Be(3);
        defaulted["failurePolicy"]!.GetValue<string>().Should().Be("Fail");
        defaulted["reinvocationPolicy"].Should().BeNull("validating webhooks have none");
        defaulted["clientConfig"]!["service"]!["port"]!.GetValue<int>().Should().Be(443);
    }

    private static JsonObject Config(params JsonObject[] hooks) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = "c" },
        ["webhooks"] = new JsonArray(hooks.Select(h => (JsonNode?)h).ToArray()),
    };

    private static JsonObject Hook(string name = "hook.mesh.dev") => new()
    {
        ["name"] = name,
        ["clientConfig"] = new JsonObject { ["service"] = new JsonObject { ["namespace"] = "ns", ["name"] = "svc" } },
        ["rules"] = new JsonArray(new JsonObject
        {
            ["operations"] = new JsonArray("CREATE"), ["apiGroups"] = new JsonArray(""), ["apiVersions"] = new JsonArray("v1"), ["resources"] = new JsonArray("pods"),
        }),
        ["sideEffects"] = "None",
        ["admissionReviewVersions"] = new JsonArray("v1"),
    };
}
