using System.Text.Json.Nodes;
using Mesh.LocalCluster.Validation;

namespace Mesh.LocalCluster.Tests.Validation;

public sealed class CrdDefinitionValidatorTests
{
    private const string Valid = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: meshpolicies.mesh.dev}
        spec:
          group: mesh.dev
          scope: Namespaced
          names: {plural: meshpolicies, singular: meshpolicy, kind: MeshPolicy, listKind: MeshPolicyList, shortNames: [mp]}
          versions:
          - name: v1alpha1
            served: true
            storage: true
            additionalPrinterColumns:
            - {name: Mode, type: string, jsonPath: .spec.mode}
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      weights:
                        type: array
                        items: {type: integer}
                    x-kubernetes-validations:
                    - rule: self.weights.sum() == 100
        """;

    private static IReadOnlyList<FieldError> ValidateWith(Action<JsonObject> change)
    {
        var crd = Yaml.Obj(Valid);
        change(crd);
        return CrdDefinitionValidator.Validate(crd);
    }

    private static JsonObject Spec(JsonObject crd) => crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!.AsObject();

    [Fact]
    public void Accepts_a_valid_definition() => CrdDefinitionValidator.Validate(Yaml.Obj(Valid)).Should().BeEmpty();

    [Fact]
    public void Refuses_a_name_that_is_not_plural_dot_group() =>
        ValidateWith(c => c["metadata"]!["name"] = "policies.mesh.dev").Should().ContainSingle()
            .Which.Should().Be(new FieldError("metadata.name", "FieldValueInvalid", "Invalid value: \"policies.mesh.dev\": must be spec.names.plural+\".\"+spec.group"));

    [Fact]
    public void Refuses_a_group_without_a_dot() =>
        ValidateWith(c => { c["spec"]!["group"] = "mesh"; c["metadata"]!["name"] = "meshpolicies.mesh"; })
            .Should().ContainSingle().Which.Message.Should().Be("Invalid value: \"mesh\": should be a domain with at least one dot");

    [Fact]
    public void Refuses_a_missing_kind_and_a_bad_scope() =>
        ValidateWith(c => { c["spec"]!["names"]!.AsObject().Remove("kind"); c["spec"]!["scope"] = "Global"; })
            .Select(e => e.ToString()).Should().BeEquivalentTo(
                "spec.names.kind: Required value",
                "spec.scope: Unsupported value: \"Global\": supported values: \"Cluster\", \"Namespaced\"");

    [Fact]
    public void Requires_exactly_one_storage_version_and_a_schema() =>
        ValidateWith(c => { c["spec"]!["versions"]![0]!["storage"] = false; c["spec"]!["versions"]![0]!.AsObject().Remove("schema"); })
            .Select(e => e.Field).Should().BeEquivalentTo("spec.versions", "spec.versions[0].schema.openAPIV3Schema");

    [Fact]
    public void Refuses_a_rule_that_does_not_compile()
    {
        var errors = ValidateWith(c => Spec(c)["x-kubernetes-validations"]![0]!["rule"] = "self.weights.frobnicate()");
        var error = errors.Should().ContainSingle().Which;
        error.Field.Should().Be("spec.versions[0].schema.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule");
        error.Message.Should().StartWith("Invalid value: apiextensions.ValidationRule{Rule:\"self.weights.frobnicate()\"").And.Contain("compilation failed: ERROR: <input>:1:14: undeclared reference to 'frobnicate'");
    }

    [Fact]
    public void Refuses_a_property_without_a_type() =>
        ValidateWith(c => Spec(c)["properties"]!["weights"]!.AsObject().Remove("type"))
            .Select(e => e.ToString()).Should().Contain("spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[weights].type: Required value: must not be empty for specified object fields");

    [Fact]
    public void Refuses_unique_items_and_an_unknown_reason()
    {
        var errors = ValidateWith(c =>
        {
            Spec(c)["properties"]!["weights"]!["uniqueItems"] = true;
            Spec(c)["x-kubernetes-validations"]![0]!["reason"] = "FieldValueWrong";
        });
        errors.Select(e => e.Field).Should().BeEquivalentTo(
            "spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[weights].uniqueItems",
            "spec.versions[0].schema.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].reason");
    }

    [Fact]
    public void Refuses_list_map_keys_that_are_not_required_item_properties()
    {
        var errors = ValidateWith(c => Spec(c)["properties"]!["items"] = Yaml.Obj("""
            type: array
            x-kubernetes-list-type: map
            x-kubernetes-list-map-keys: [name, port]
            items:
              type: object
              properties:
                name: {type: string}
            """));
        errors.Select(e => e.ToString()).Should().BeEquivalentTo(
            "spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[items].x-kubernetes-list-map-keys[1]: Invalid value: \"port\": entries must all be names of item properties",
            "spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[items].items.properties[name].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property");
    }

    [Fact]
    public void Refuses_oldSelf_where_old_values_cannot_be_correlated()
    {
        var errors = ValidateWith(c => Spec(c)["properties"]!["tags"] = Yaml.Obj("""
            type: array
            items:
              type: string
              x-kubernetes-validations: [{rule: self == oldSelf}]
            """));
        errors.Should().ContainSingle().Which.Message.Should().EndWith("oldSelf cannot be used on the uncorrelatable portion of the schema within spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[tags].items");
    }

    [Fact]
    public void Refuses_an_invalid_pattern_and_additionalProperties_beside_properties()
    {
        var errors = ValidateWith(c =>
        {
            Spec(c)["properties"]!["weights"]!["items"]!["pattern"] = "([a-z";
            Spec(c)["additionalProperties"] = new JsonObject { ["type"] = "string" };
        });
        errors.Select(e => e.Field).Should().BeEquivalentTo(
            "spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[weights].items.pattern",
            "spec.versions[0].schema.openAPIV3Schema.properties[spec].additionalProperties");
    }

    [Fact]
    public void Refuses_a_rule_that_selects_a_field_the_schema_does_not_declare()
    {
        var errors = ValidateWith(c => Spec(c)["x-kubernetes-validations"]![0]!["rule"] = "has(self.weigths)");
        errors.Should().ContainSingle().Which.Message.Should().EndWith("compilation failed: ERROR: <input>:1:10: undefined field 'weigths'");
    }

    [Fact]
    public void Refuses_a_fieldPath_that_names_no_field()
    {
        var errors = ValidateWith(c =>
        {
            Spec(c)["x-kubernetes-validations"]![0]!["fieldPath"] = ".weight";
            Spec(c)["x-kubernetes-validations"]!.AsArray().Add(new JsonObject { ["rule"] = "true", ["fieldPath"] = ".weights[0]" });
        });
        errors.Select(e => e.ToString()).Should().Equal(
            "spec.versions[0].schema.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].fieldPath: Invalid value: \".weight\": fieldPath must be a valid path: does not refer to a valid field",
            "spec.versions[0].schema.openAPIV3Schema.properties[spec].x-kubernetes-validations[1].fieldPath: Invalid value: \".weights[0]\": fieldPath must be a valid path: expected single quoted string but got 0");
    }
}
