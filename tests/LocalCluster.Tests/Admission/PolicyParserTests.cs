using System.Text.Json.Nodes;
using Mesh.LocalCluster.Admission.Policies;

namespace Mesh.LocalCluster.Tests.Admission;

/// <summary>
/// The refusals of admission policies and bindings that the contract tests (run on k3s too) do not show: what this
/// embedded API does not support, and the smaller field rules, each naming the field.
/// </summary>
public sealed class PolicyParserTests
{
    private const string Rules = """{"resourceRules": [{"apiGroups": [""], "apiVersions": ["v1"], "operations": ["CREATE"], "resources": ["configmaps"]}]}""";

    [Fact]
    public void Params_are_refused_naming_the_field_and_what_to_do_instead()
    {
        var (policy, causes) = PolicyParser.Policy(Obj("""{"spec": {"paramKind": {"apiVersion": "v1", "kind": "ConfigMap"}, "matchConstraints": RULES, "validations": [{"expression": "true"}]}}"""));
        var (binding, bindingCauses) = PolicyParser.Binding(Obj("""{"spec": {"policyName": "p", "paramRef": {"name": "x"}, "validationActions": ["Deny"]}}"""));

        policy.Should().BeNull();
        causes.Select(c => c.ToString()).Should().Equal(
            "spec.paramKind: Forbidden: params are not supported by this embedded API server; write the values into the policy's expressions, or use a real cluster");
        binding.Should().BeNull();
        bindingCauses.Select(c => c.Field).Should().Equal("spec.paramRef");
    }

    [Fact]
    public void Names_of_variables_conditions_and_audit_keys_are_required_and_unique_and_expressions_required()
    {
        var (_, causes) = PolicyParser.Policy(Obj("""
            {"spec": {"matchConstraints": RULES,
              "matchConditions": [{"name": "", "expression": "true"}, {"name": "c", "expression": " "}],
              "variables": [{"name": "v", "expression": "1"}, {"name": "v", "expression": "2"}],
              "auditAnnotations": [{"key": "k", "valueExpression": "'a'"}, {"key": "k", "valueExpression": "'b'"}, {"valueExpression": "'c'"}],
              "validations": [{"expression": ""}]}}
            """));

        causes.Select(c => c.ToString()).Should().BeEquivalentTo(
            "spec.matchConditions[0].name: Required value",
            "spec.matchConditions[1].expression: Required value: expression is not specified",
            "spec.variables[1].name: Duplicate value: \"v\"",
            "spec.auditAnnotations[1].key: Duplicate value: \"k\"",
            "spec.auditAnnotations[2].key: Required value",
            "spec.validations[0].expression: Required value: expression is not specified");
    }

    [Fact]
    public void A_binding_names_each_unknown_or_repeated_action()
    {
        var (_, causes) = PolicyParser.Binding(Obj("""{"spec": {"policyName": "p", "validationActions": ["Deny", "Block", "Deny"]}}"""));

        causes.Select(c => c.ToString()).Should().Equal(
            "spec.validationActions[1]: Unsupported value: \"Block\": supported values: \"Audit\", \"Deny\", \"Warn\"",
            "spec.validationActions[2]: Duplicate value: \"Deny\"");
    }

    [Fact]
    public void An_expression_naming_the_authorizer_or_an_unknown_variable_does_not_compile()
    {
        var (_, causes) = PolicyParser.Policy(Obj("""{"spec": {"matchConstraints": RULES, "validations": [{"expression": "authorizer != null"}]}}"""));

        causes.Should().ContainSingle().Which.ToString().Should().StartWith(
            "spec.validations[0].expression: Invalid value: \"authorizer != null\": compilation failed: ERROR: <input>:1:1: undeclared reference to 'authorizer'");
    }

    /// <summary>The JSON with RULES standing for a valid matchConstraints.</summary>
    private static JsonObject Obj(string json) => JsonNode.Parse(json.Replace("RULES", Rules, StringComparison.Ordinal))!.AsObject();
}
