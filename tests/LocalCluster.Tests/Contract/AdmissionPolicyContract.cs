using System.Text.Json.Nodes;
using Mesh.LocalCluster.Tests.Infrastructure;
using Mesh.Testing;

namespace Mesh.LocalCluster.Tests.Contract;

/// <summary>
/// ValidatingAdmissionPolicy and its binding (admissionregistration.k8s.io/v1) as every API server serves them: what a
/// bound policy refuses and how it words it, Warn and failurePolicy, match conditions, variables and message
/// expressions, selectors, and the policies the API refuses to store. Each test's policy selects its own namespace
/// only (tests run in parallel). A real API server activates a policy a moment after it is stored, so a test first
/// waits until a dry run shows it active.
/// </summary>
public abstract class AdmissionPolicyContract<TTarget>(TTarget target)
    where TTarget : IClusterTarget
{
    private const string Policies = "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies";
    private const string Bindings = "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings";

    protected TTarget Target { get; } = target;

    [ContractFact]
    public async Task A_bound_policy_refuses_with_the_real_wording_and_stores_nothing()
    {
        var ns = await Target.NewNamespaceAsync("vap-deny");
        await using var policy = await BindAsync(ns, Policy(ns, """[{"expression": "!has(object.data) || !('forbidden' in object.data)", "message": "the key forbidden is not allowed"}]"""), ["Deny"]);
        await ActiveAsync(ns);

        var (status, body, text) = await CreateConfigMapAsync(ns, "demo", """{"forbidden": "x"}""");
        status.Should().Be(422, text);
        var message = $"ValidatingAdmissionPolicy '{policy.Name}' with binding '{policy.Name}' denied request: the key forbidden is not allowed";
        body!["reason"]!.GetValue<string>().Should().Be("Invalid");
        body["message"]!.GetValue<string>().Should().Be($"configmaps \"demo\" is forbidden: {message}");
        body["details"]!["name"]!.GetValue<string>().Should().Be("demo");
        body["details"]!["kind"]!.GetValue<string>().Should().Be("configmaps");
        body["details"]!["causes"]![0]!["message"]!.GetValue<string>().Should().Be(message);
        (await Target.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/demo")).Status.Should().Be(404);

        (await CreateConfigMapAsync(ns, "fine", """{"allowed": "x"}""")).Status.Should().Be(201, "a passing object is stored");
    }

    [ContractFact]
    public async Task A_policy_and_a_binding_get_the_v1_defaults()
    {
        var name = ClusterTargetExtensions.Unique("defaults");
        var policy = await Target.SendAsync(HttpMethod.Post, Policies, Named(name, Policy("nowhere", """[{"expression": "true"}]""")).ToJsonString());
        var binding = Binding(name, name, ["Deny"]);
        binding["spec"]!["matchResources"] = new JsonObject();
        var bound = await Target.SendAsync(HttpMethod.Post, Bindings, binding.ToJsonString());
        await using var cleanup = new BoundPolicy(Target, name);

        policy.Status.Should().Be(201, policy.Text);
        var spec = policy.Body!["spec"]!;
        spec["failurePolicy"]!.GetValue<string>().Should().Be("Fail");
        spec["matchConstraints"]!["matchPolicy"]!.GetValue<string>().Should().Be("Equivalent");
        spec["matchConstraints"]!["objectSelector"]!.ToJsonString().Should().Be("{}");
        spec["matchConstraints"]!["resourceRules"]![0]!["scope"]!.GetValue<string>().Should().Be("*");
        bound.Status.Should().Be(201, bound.Text);
        var match = bound.Body!["spec"]!["matchResources"]!;
        match["matchPolicy"]!.GetValue<string>().Should().Be("Equivalent");
        match["namespaceSelector"]!.ToJsonString().Should().Be("{}");
        match["objectSelector"]!.ToJsonString().Should().Be("{}");
    }

    [ContractFact]
    public async Task An_unbound_policy_and_another_namespace_are_not_checked()
    {
        var ns = await Target.NewNamespaceAsync("vap-unbound");
        var other = await Target.NewNamespaceAsync("vap-other");
        var name = ClusterTargetExtensions.Unique("unbound");
        var created = await Target.SendAsync(HttpMethod.Post, Policies, Named(name, Policy(ns, """[{"expression": "false"}]""")).ToJsonString());
        try
        {
            created.Status.Should().Be(201, created.Text);
            (await CreateConfigMapAsync(ns, "demo", "{}")).Status.Should().Be(201, "a policy without a binding does nothing");
        }
        finally
        {
            await Target.SendAsync(HttpMethod.Delete, $"{Policies}/{name}");
        }

        await using var bound = await BindAsync(ns, Policy(ns, """[{"expression": "false"}]"""), ["Deny"]);
        await ActiveAsync(ns);
        (await CreateConfigMapAsync(other, "demo", "{}")).Status.Should().Be(201, "the namespaceSelector names another namespace");
        (await CreateConfigMapAsync(ns, "second", "{}")).Status.Should().Be(422, "a policy whose only validation is false refuses everything it matches");
    }

    [ContractFact]
    public async Task Warn_admits_and_kubectl_prints_the_warning()
    {
        var ns = await Target.NewNamespaceAsync("vap-warn");
        await using var deny = await BindAsync(ns, Policy(ns, """[{"expression": "object.metadata.name != 'probe'", "message": "probe"}]"""), ["Deny"]);
        await using var warn = await BindAsync(ns, Policy(ns, """[{"expression": "has(object.data)", "message": "a ConfigMap without data"}]"""), ["Warn"]);
        await ActiveAsync(ns);
        await Eventually.True(async () => (await Target.Kubectl.WithManifestAsync(EmptyConfigMap(ns, "probe-warn"), "create", "--dry-run=server")).StdErr.Contains("Warning:", StringComparison.Ordinal),
            "the Warn policy is active", TimeSpan.FromSeconds(30));

        var created = await Target.Kubectl.WithManifestAsync(EmptyConfigMap(ns, "empty"), "create");
        created.ExitCode.Should().Be(0, created.ToString());
        created.StdErr.Should().Contain($"Warning: Validation failed for ValidatingAdmissionPolicy '{warn.Name}' with binding '{warn.Name}': a ConfigMap without data");
    }

    [ContractFact]
    public async Task Variables_a_message_expression_and_a_reason_shape_the_denial()
    {
        var ns = await Target.NewNamespaceAsync("vap-vars");
        var spec = Policy(ns, """
            [{"expression": "variables.size <= 2", "messageExpression": "'has ' + string(variables.size) + ' keys, at most 2 are allowed'", "reason": "Forbidden"}]
            """);
        spec["variables"] = JsonNode.Parse("""[{"name": "keys", "expression": "has(object.data) ? object.data : {}"}, {"name": "size", "expression": "size(variables.keys)"}]""");
        await using var policy = await BindAsync(ns, spec, ["Deny"]);
        await ActiveAsync(ns, data: """{"a": "1", "b": "2", "c": "3"}""");

        var (status, body, text) = await CreateConfigMapAsync(ns, "big", """{"a": "1", "b": "2", "c": "3"}""");
        status.Should().Be(403, text);
        body!["reason"]!.GetValue<string>().Should().Be("Forbidden");
        body["message"]!.GetValue<string>().Should().EndWith("denied request: has 3 keys, at most 2 are allowed");
        (await CreateConfigMapAsync(ns, "small", """{"a": "1"}""")).Status.Should().Be(201);
    }

    [ContractFact]
    public async Task An_expression_that_cannot_be_evaluated_denies_under_Fail_and_is_ignored_under_Ignore()
    {
        var ns = await Target.NewNamespaceAsync("vap-error");
        await using var failing = await BindAsync(ns, Policy(ns, """[{"expression": "object.data.missing == 'x'"}]"""), ["Deny"]);
        await ActiveAsync(ns);
        var (status, body, text) = await CreateConfigMapAsync(ns, "demo", """{"present": "y"}""");
        status.Should().Be(422, text);
        body!["message"]!.GetValue<string>().Should().Contain(
            $"ValidatingAdmissionPolicy '{failing.Name}' with binding '{failing.Name}' denied request: expression 'object.data.missing == 'x'' resulted in error: ");

        var lenient = await Target.NewNamespaceAsync("vap-ignore");
        var ignoring = Policy(lenient, """[{"expression": "object.metadata.name != 'probe'"}, {"expression": "object.data.missing == 'x'"}]""");
        ignoring["failurePolicy"] = "Ignore";
        await using var ignored = await BindAsync(lenient, ignoring, ["Deny"]);
        await ActiveAsync(lenient);
        (await CreateConfigMapAsync(lenient, "demo", """{"present": "y"}""")).Status.Should().Be(201, "failurePolicy Ignore admits what cannot be evaluated");
    }

    [ContractFact]
    public async Task A_variable_that_cannot_be_evaluated_fails_only_the_validations_that_use_it()
    {
        var ns = await Target.NewNamespaceAsync("vap-lazy");
        var spec = Policy(ns, """[{"expression": "!('forbidden' in object.data)", "message": "no forbidden key"}]""");
        spec["variables"] = JsonNode.Parse("""[{"name": "broken", "expression": "object.data.missing == 'x'"}]""");
        await using var policy = await BindAsync(ns, spec, ["Deny"]);
        await ActiveAsync(ns);

        (await CreateConfigMapAsync(ns, "demo", """{"present": "y"}""")).Status.Should().Be(201, "variables are lazy: one no validation uses is never evaluated");

        var uses = Policy(ns, """[{"expression": "variables.broken"}]""");
        uses["variables"] = spec["variables"]!.DeepClone();
        await using var second = await BindAsync(ns, uses, ["Deny"]);
        await Eventually.True(async () => (await CreateConfigMapAsync(ns, ClusterTargetExtensions.Unique("probe-lazy"), """{"present": "y"}""", dryRun: true)).Status == 422,
            "the second policy is active", TimeSpan.FromSeconds(30));
        var (status, body, text) = await CreateConfigMapAsync(ns, "second", """{"present": "y"}""");
        status.Should().Be(422, text);
        body!["message"]!.GetValue<string>().Should().Contain($"with binding '{second.Name}' denied request: expression 'variables.broken' resulted in error: ");
    }

    [ContractFact]
    public async Task A_bindings_match_resources_narrow_the_policy()
    {
        var ns = await Target.NewNamespaceAsync("vap-narrow");
        var name = ClusterTargetExtensions.Unique("narrow");
        (await Target.SendAsync(HttpMethod.Post, Policies, Named(name, Policy(ns, """[{"expression": "false", "message": "strict"}]""")).ToJsonString())).Status.Should().Be(201);
        var binding = Binding(name, name, ["Deny"]);
        binding["spec"]!["matchResources"] = JsonNode.Parse("""{"objectSelector": {"matchLabels": {"tier": "strict"}}}""");
        (await Target.SendAsync(HttpMethod.Post, Bindings, binding.ToJsonString())).Status.Should().Be(201);
        await using var cleanup = new BoundPolicy(Target, name);
        await Eventually.True(async () => (await CreateConfigMapAsync(ns, ClusterTargetExtensions.Unique("probe"), "{}", dryRun: true, labels: """{"tier": "strict"}""")).Status == 422,
            "the policy is active", TimeSpan.FromSeconds(30));

        (await CreateConfigMapAsync(ns, "loose", "{}", labels: """{"tier": "loose"}""")).Status.Should().Be(201, "the binding's objectSelector leaves it out");
        (await CreateConfigMapAsync(ns, "strict", "{}", labels: """{"tier": "strict"}""")).Status.Should().Be(422);
    }

    [ContractFact]
    public async Task A_false_match_condition_skips_the_policy()
    {
        var ns = await Target.NewNamespaceAsync("vap-cond");
        var spec = Policy(ns, """[{"expression": "false", "message": "checked"}]""");
        spec["matchConditions"] = JsonNode.Parse("""[{"name": "labelled", "expression": "has(object.metadata.labels) && 'checked' in object.metadata.labels"}]""");
        await using var policy = await BindAsync(ns, spec, ["Deny"]);
        await Eventually.True(async () => (await CreateConfigMapAsync(ns, ClusterTargetExtensions.Unique("probe"), "{}", dryRun: true, labels: """{"checked": "yes"}""")).Status == 422,
            "the policy is active", TimeSpan.FromSeconds(30));

        (await CreateConfigMapAsync(ns, "plain", "{}")).Status.Should().Be(201, "the match condition is false: the policy does not apply");
        (await CreateConfigMapAsync(ns, "labelled", "{}", labels: """{"checked": "yes"}""")).Status.Should().Be(422);
    }

    [ContractFact]
    public async Task A_policy_that_does_not_compile_or_lacks_what_is_required_is_422_with_every_problem()
    {
        var spec = JsonNode.Parse("""
            {"failurePolicy": "Sometimes", "validations": [{"expression": "object.data.(", "reason": "Teapot"}], "variables": [{"name": "not valid", "expression": "1"}],
             "auditAnnotations": [{"key": "who", "valueExpression": "object.("}]}
            """)!.AsObject();
        var (status, body, text) = await Target.SendAsync(HttpMethod.Post, Policies, Named("broken-policy", spec).ToJsonString());

        status.Should().Be(422, text);
        var causes = body!["details"]!["causes"]!.AsArray().Select(c => $"{c!["field"]}: {c["message"]}").ToList();
        causes.Should().Contain("spec.matchConstraints: Required value");
        causes.Should().Contain("spec.failurePolicy: Unsupported value: \"Sometimes\": supported values: \"Fail\", \"Ignore\"");
        causes.Should().Contain(c => c.StartsWith("spec.validations[0].expression: Invalid value: \"object.data.(\": compilation failed: ERROR: <input>:1:", StringComparison.Ordinal));
        causes.Should().Contain("spec.validations[0].reason: Unsupported value: \"Teapot\": supported values: \"Unauthorized\", \"Forbidden\", \"Invalid\", \"RequestEntityTooLarge\"");
        causes.Should().Contain(c => c.StartsWith("spec.variables[0].name: Invalid value: \"not valid\": ", StringComparison.Ordinal));
        causes.Should().Contain(c => c.StartsWith("spec.auditAnnotations[0].valueExpression: Invalid value: \"object.(\": compilation failed: ERROR: <input>:1:", StringComparison.Ordinal));
        body["message"]!.GetValue<string>().Should().StartWith("ValidatingAdmissionPolicy.admissionregistration.k8s.io \"broken-policy\" is invalid: ");
    }

    [ContractFact]
    public async Task A_binding_with_both_Deny_and_Warn_or_no_action_is_422()
    {
        var both = await Target.SendAsync(HttpMethod.Post, Bindings, Binding("both-actions", "some-policy", ["Deny", "Warn"]).ToJsonString());
        both.Status.Should().Be(422, both.Text);
        both.Body!["details"]!["causes"]!.AsArray().Select(c => $"{c!["field"]}: {c["message"]}").Should().Contain(
            "spec.validationActions: Invalid value: [\"Deny\",\"Warn\"]: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)");

        var none = await Target.SendAsync(HttpMethod.Post, Bindings, Binding("no-actions", "", []).ToJsonString());
        none.Status.Should().Be(422, none.Text);
        var causes = none.Body!["details"]!["causes"]!.AsArray().Select(c => $"{c!["field"]}").ToList();
        causes.Should().Contain("spec.policyName").And.Contain("spec.validationActions");
    }

    [ContractFact]
    public async Task Policies_and_bindings_are_listed_by_kubectl()
    {
        var ns = await Target.NewNamespaceAsync("vap-get");
        await using var policy = await BindAsync(ns, Policy(ns, """[{"expression": "true"}]"""), ["Audit"]);

        (await Target.Kubectl.MustAsync("get", "validatingadmissionpolicies", policy.Name, "-o", "name"))
            .Trim().Should().Be($"validatingadmissionpolicy.admissionregistration.k8s.io/{policy.Name}");
        (await Target.Kubectl.MustAsync("get", "validatingadmissionpolicybindings", policy.Name, "-o", "jsonpath={.spec.policyName}"))
            .Should().Be(policy.Name);
    }

    /// <summary>kubectl create configmap sends protobuf, which the embedded API does not decode: a manifest instead.</summary>
    private static string EmptyConfigMap(string ns, string name) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
          namespace: {ns}

        """;

    /// <summary>A policy on ConfigMap creates in <paramref name="ns"/> only.</summary>
    private static JsonObject Policy(string ns, string validations) => new()
    {
        ["matchConstraints"] = new JsonObject
        {
            ["resourceRules"] = JsonNode.Parse("""[{"apiGroups": [""], "apiVersions": ["v1"], "operations": ["CREATE"], "resources": ["configmaps"]}]"""),
            ["namespaceSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["kubernetes.io/metadata.name"] = ns } },
        },
        ["validations"] = JsonNode.Parse(validations),
    };

    private static JsonObject Named(string name, JsonObject spec) => new()
    {
        ["apiVersion"] = "admissionregistration.k8s.io/v1",
        ["kind"] = "ValidatingAdmissionPolicy",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = spec,
    };

    private static JsonObject Binding(string name, string policy, string[] actions) => new()
    {
        ["apiVersion"] = "admissionregistration.k8s.io/v1",
        ["kind"] = "ValidatingAdmissionPolicyBinding",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["policyName"] = policy,
            ["validationActions"] = new JsonArray(actions.Select(a => (JsonNode?)a).ToArray()),
        },
    };

    /// <summary>Stores the policy and a binding of the same name; disposing deletes both.</summary>
    private async Task<BoundPolicy> BindAsync(string ns, JsonObject spec, string[] actions)
    {
        var name = ClusterTargetExtensions.Unique(ns);
        var policy = await Target.SendAsync(HttpMethod.Post, Policies, Named(name, spec).ToJsonString());
        policy.Status.Should().Be(201, policy.Text);
        var binding = await Target.SendAsync(HttpMethod.Post, Bindings, Binding(name, name, actions).ToJsonString());
        binding.Status.Should().Be(201, binding.Text);
        return new BoundPolicy(Target, name);
    }

    /// <summary>Waits until a dry-run create of a ConfigMap named probe is refused: the bound policies are active.</summary>
    private Task ActiveAsync(string ns, string data = """{"forbidden": "x"}""") =>
        Eventually.True(async () => (await CreateConfigMapAsync(ns, "probe", data, dryRun: true)).Status is >= 400 and < 500,
            "the policy is active", TimeSpan.FromSeconds(30));

    private Task<(int Status, JsonNode? Body, string Text)> CreateConfigMapAsync(string ns, string name, string data, bool dryRun = false, string labels = "{}") =>
        Target.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps{(dryRun ? "?dryRun=All" : "")}",
            $$"""{"metadata": {"name": "{{name}}", "labels": {{labels}}}, "data": {{data}}}""");

    private sealed class BoundPolicy(IClusterTarget target, string name) : IAsyncDisposable
    {
        public string Name => name;

        public async ValueTask DisposeAsync()
        {
            await target.SendAsync(HttpMethod.Delete, $"{Bindings}/{name}");
            await target.SendAsync(HttpMethod.Delete, $"{Policies}/{name}");
        }
    }
}
