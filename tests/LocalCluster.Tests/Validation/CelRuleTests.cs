using System.Text.Json.Nodes;
using Mesh.LocalCluster.Validation;

namespace Mesh.LocalCluster.Tests.Validation;

public sealed class CelRuleTests
{
    private static IReadOnlyList<FieldError> Admit(StructuralSchema schema, string specYaml, string? oldSpecYaml = null) =>
        SchemaAdmission.Admit(schema, Resource(specYaml), oldSpecYaml is null ? null : Resource(oldSpecYaml), false).Errors;

    private static JsonObject Resource(string specYaml) => Yaml.Obj($"apiVersion: v1\nkind: X\nmetadata: {{name: demo}}\n{specYaml}");

    [Fact]
    public void Reports_a_failed_rule_at_the_node_that_carries_it_with_its_message()
    {
        var errors = SchemaAdmission.Admit(TestSchemas.Policy, TestSchemas.Resource("""
            spec:
              mode: Strict
              services:
              - name: a
                routes:
                - backends: [{weight: 50}, {weight: 50}]
                - backends: [{weight: 60}, {weight: 30}]
            """), null, false).Errors;
        // The rule sits on the backends array, so the value printed is the schema type "array".
        errors.Should().ContainSingle().Which.Should().Be(new FieldError(
            "spec.services[0].routes[1].backends", "FieldValueInvalid", "Invalid value: \"array\": weights must add up to 100"));
    }

    [Fact]
    public void A_rule_on_an_object_with_fieldPath_names_the_child_and_prints_object()
    {
        var schema = StructuralSchema.Parse(Yaml.Obj("""
            type: object
            properties:
              spec:
                type: object
                properties:
                  routes:
                    type: array
                    items:
                      type: object
                      properties:
                        backends:
                          type: array
                          items: {type: object, properties: {weight: {type: integer}}}
                      x-kubernetes-validations:
                      - rule: self.backends.map(b, b.weight).sum() == 100
                        message: weights must add up to 100
                        fieldPath: .backends
            """));
        Admit(schema, "spec: {routes: [{backends: [{weight: 100}]}, {backends: [{weight: 10}]}]}").Should().ContainSingle().Which.Should().Be(
            new FieldError("spec.routes[1].backends", "FieldValueInvalid", "Invalid value: \"object\": weights must add up to 100"));
    }

    [Fact]
    public void Uses_the_schema_type_as_the_value_and_failed_rule_when_there_is_no_message()
    {
        var schema = TestSchemas.WithSpecRules("replicas: {type: integer}", "- rule: self.replicas > 1");
        Admit(schema, "spec: {replicas: 1}").Should().ContainSingle().Which.Should().Be(
            new FieldError("spec", "FieldValueInvalid", "Invalid value: \"object\": failed rule: self.replicas > 1"));
    }

    [Fact]
    public void Evaluates_messageExpression_and_falls_back_to_message_when_it_fails()
    {
        var schema = TestSchemas.WithSpecRules("replicas: {type: integer}", """
            - rule: self.replicas > 1
              messageExpression: "'replicas must be above 1, got ' + string(self.replicas)"
            - rule: self.replicas > 2
              message: fallback
              messageExpression: self.nope
            """);
        Admit(schema, "spec: {replicas: 1}").Select(e => e.Message).Should().Equal(
            "Invalid value: \"object\": replicas must be above 1, got 1",
            "Invalid value: \"object\": fallback");
    }

    [Fact]
    public void Honours_fieldPath_and_reason()
    {
        var schema = TestSchemas.WithSpecRules("a: {type: string}\nb: {type: string}", """
            - rule: has(self.a)
              message: a is needed
              fieldPath: .a
              reason: FieldValueRequired
            - rule: "!has(self.b)"
              message: b is not allowed
              fieldPath: .b
              reason: FieldValueForbidden
            """);
        Admit(schema, "spec: {b: x}").Should().Equal(
            new FieldError("spec.a", "FieldValueRequired", "Required value: a is needed"),
            new FieldError("spec.b", "FieldValueForbidden", "Forbidden: b is not allowed"));
    }

    [Fact]
    public void Runs_transition_rules_only_when_an_old_value_exists()
    {
        var schema = TestSchemas.WithSpecRules("mode: {type: string}", """
            - rule: self.mode == oldSelf.mode
              message: mode is immutable
            """);
        Admit(schema, "spec: {mode: a}").Should().BeEmpty("a create has no oldSelf");
        Admit(schema, "spec: {mode: a}", "spec: {mode: a}").Should().BeEmpty();
        Admit(schema, "spec: {mode: b}", "spec: {mode: a}").Should().ContainSingle().Which.Message.Should().Be("Invalid value: \"object\": mode is immutable");
    }

    [Fact]
    public void Correlates_old_list_items_by_map_keys_only()
    {
        var schema = StructuralSchema.Parse(Yaml.Obj("""
            type: object
            properties:
              spec:
                type: object
                properties:
                  items:
                    type: array
                    x-kubernetes-list-type: map
                    x-kubernetes-list-map-keys: [name]
                    items:
                      type: object
                      required: [name]
                      properties:
                        name: {type: string}
                        size: {type: integer}
                      x-kubernetes-validations:
                      - rule: self.size >= oldSelf.size
                        message: size may only grow
            """));
        Admit(schema, "spec: {items: [{name: b, size: 1}, {name: a, size: 5}]}", "spec: {items: [{name: a, size: 4}, {name: b, size: 2}]}")
            .Should().ContainSingle().Which.Field.Should().Be("spec.items[0]");
    }

    [Fact]
    public void Reports_a_missing_field_as_no_such_key()
    {
        var schema = TestSchemas.WithSpecRules("a: {type: string}", "- rule: self.a == 'x'");
        Admit(schema, "spec: {}").Should().ContainSingle().Which.Message.Should().Be("Invalid value: \"object\": no such key: a evaluating rule: self.a == 'x'");
    }

    [Fact]
    public void Root_rules_see_only_name_and_generateName_of_metadata()
    {
        var schema = StructuralSchema.Parse(Yaml.Obj("""
            type: object
            x-kubernetes-validations:
            - rule: self.metadata.name.startsWith('demo') && !has(self.metadata.labels)
            properties:
              spec: {type: object}
            """));
        var obj = Resource("spec: {}");
        obj["metadata"]!["labels"] = new JsonObject { ["a"] = "b" };
        SchemaAdmission.Admit(schema, obj, null, false).Errors.Should().BeEmpty();
    }

    [Fact]
    public void Skips_rules_on_absent_and_null_values()
    {
        var schema = StructuralSchema.Parse(Yaml.Obj("""
            type: object
            properties:
              spec:
                type: object
                properties:
                  note:
                    type: string
                    nullable: true
                    x-kubernetes-validations: [{rule: self.size() > 3}]
            """));
        Admit(schema, "spec: {}").Should().BeEmpty();
        Admit(schema, "spec: {note: null}").Should().BeEmpty();
        Admit(schema, "spec: {note: ab}").Should().ContainSingle().Which.Message.Should().Be("Invalid value: \"string\": failed rule: self.size() > 3");
    }

    [Fact]
    public void Binds_durations_and_timestamps_from_their_formats()
    {
        var schema = TestSchemas.WithSpecRules("timeout: {type: string, format: duration}\nsince: {type: string, format: date-time}", """
            - rule: self.timeout <= duration('1h') && self.since < timestamp('2030-01-01T00:00:00Z')
            """);
        Admit(schema, "spec: {timeout: 30m, since: '2026-01-01T00:00:00Z'}").Should().BeEmpty();
        Admit(schema, "spec: {timeout: 2h, since: '2026-01-01T00:00:00Z'}").Should().ContainSingle();
    }

    [Fact]
    public void Escapes_property_names_that_CEL_reserves_or_cannot_spell()
    {
        var schema = TestSchemas.WithSpecRules("namespace: {type: string}\nmax-surge: {type: integer}\nlabels: {type: object, additionalProperties: {type: string}}", """
            - rule: self.__namespace__ == 'shop' && self.max__dash__surge == 1 && self.labels['app.kubernetes.io/name'] == 'x'
            """);
        Admit(schema, "spec: {namespace: shop, max-surge: 1, labels: {app.kubernetes.io/name: x}}").Should().BeEmpty();
    }
}
