using System.Text.Json.Nodes;
using Mesh.LocalCluster.Tests.Patching;
using Mesh.LocalCluster.Validation;

namespace Mesh.LocalCluster.Tests.Validation;

public sealed class PruningAndDefaultingTests
{
    [Fact]
    public void Prunes_unknown_fields_everywhere_and_reports_their_paths()
    {
        var obj = TestSchemas.Resource("spec: {mode: Strict, bogus: 1, services: [{name: a, color: red}], extra: {anything: [1, 2]}}\nmetadata2: x");
        obj["metadata"]!["madeUp"] = "x";
        var result = SchemaAdmission.Admit(TestSchemas.Policy, obj, null, strictUnknownFields: false);
        result.Errors.Should().BeEmpty();
        result.UnknownFields.Should().BeEquivalentTo("metadata.madeUp", "spec.bogus", "spec.services[0].color", "metadata2");
        obj["spec"]!.AsObject().ContainsKey("bogus").Should().BeFalse();
        obj["spec"]!["extra"].ShouldEqualJson("""{"anything":[1,2]}""");
        obj["metadata"]!.AsObject().ContainsKey("madeUp").Should().BeFalse();
        obj.ContainsKey("apiVersion").Should().BeTrue("apiVersion and kind are never pruned");
    }

    [Fact]
    public void Strict_mode_stops_before_validation_when_fields_are_unknown()
    {
        var result = SchemaAdmission.Admit(TestSchemas.Policy, TestSchemas.Resource("spec: {mode: Nope, bogus: 1}"), null, strictUnknownFields: true);
        result.UnknownFields.Should().Equal("spec.bogus");
        result.Errors.Should().BeEmpty("the API server answers 400 strict decoding error before it validates");
    }

    [Fact]
    public void Applies_defaults_recursively_to_absent_fields_and_list_items()
    {
        var obj = TestSchemas.Resource("spec: {mode: Strict, services: [{name: a}, {name: b, weight: 5}]}");
        SchemaAdmission.Admit(TestSchemas.Policy, obj, null, false).Errors.Should().BeEmpty();
        obj["spec"]!["timeout"]!.GetValue<string>().Should().Be("30s");
        obj["spec"]!["tls"].ShouldEqualJson("""{"mode":"ISTIO_MUTUAL"}""");
        obj["spec"]!["services"]!.AsArray().Select(s => s!["weight"]!.GetValue<long>()).Should().Equal(1, 5);
    }

    [Fact]
    public void Replaces_a_null_with_the_default_and_drops_other_non_nullable_nulls()
    {
        var obj = TestSchemas.Resource("spec: {mode: Strict, timeout: null, name: null, nullableNote: null}");
        SchemaAdmission.Admit(TestSchemas.Policy, obj, null, false).Errors.Should().BeEmpty();
        obj["spec"]!["timeout"]!.GetValue<string>().Should().Be("30s");
        obj["spec"]!.AsObject().ContainsKey("name").Should().BeFalse();
        obj["spec"]!.AsObject().ContainsKey("nullableNote").Should().BeTrue();
    }

    [Fact]
    public void Keeps_explicit_values_over_defaults()
    {
        var obj = TestSchemas.Resource("spec: {mode: Strict, timeout: 5s, tls: {mode: DISABLE}}");
        SchemaAdmission.Admit(TestSchemas.Policy, obj, null, false);
        obj["spec"]!["timeout"]!.GetValue<string>().Should().Be("5s");
        obj["spec"]!["tls"]!["mode"]!.GetValue<string>().Should().Be("DISABLE");
    }

    [Fact]
    public void Keeps_apiVersion_kind_and_metadata_of_embedded_resources_and_requires_kind()
    {
        var schema = StructuralSchema.Parse(Yaml.Obj("""
            type: object
            properties:
              spec:
                type: object
                properties:
                  template:
                    type: object
                    x-kubernetes-embedded-resource: true
                    properties:
                      data: {type: string}
            """));
        var obj = Yaml.Obj("apiVersion: v1\nkind: X\nmetadata: {name: a}\nspec: {template: {apiVersion: v1, metadata: {name: Bad_Name, labels: {a: b}}, data: x, junk: 1}}");
        var result = SchemaAdmission.Admit(schema, obj, null, false);
        result.UnknownFields.Should().Equal("spec.template.junk");
        obj["spec"]!["template"]!["metadata"]!["labels"].Should().NotBeNull();
        result.Errors.Select(e => e.Field).Should().BeEquivalentTo("spec.template.kind", "spec.template.metadata.name");
    }

    [Fact]
    public void Leaves_the_old_object_untouched()
    {
        var old = TestSchemas.Resource("spec: {mode: Strict, bogus: 1}");
        var before = old.ToJsonString();
        SchemaAdmission.Admit(TestSchemas.Policy, TestSchemas.Resource("spec: {mode: Strict}"), old, false);
        old.ToJsonString().Should().Be(before);
        _ = JsonNode.Parse(before);
    }

    [Fact]
    public void Defaults_a_stored_object_when_it_is_read()
    {
        var stored = TestSchemas.Resource("spec: {mode: Strict}");
        SchemaAdmission.ApplyDefaults(TestSchemas.Policy, stored);
        stored["spec"]!["timeout"]!.GetValue<string>().Should().Be("30s");
    }
}
