using Mesh.LocalCluster.Validation;

namespace Mesh.LocalCluster.Tests.Validation;

public sealed class SchemaValidationTests
{
    private static AdmissionResult Admit(string specYaml) =>
        SchemaAdmission.Admit(TestSchemas.Policy, TestSchemas.Resource(specYaml), null, strictUnknownFields: false);

    [Fact]
    public void Admits_a_valid_object()
    {
        var result = Admit("spec: {mode: Strict, name: abc, replicas: 3, ratio: 0.5, port: 8080, tags: [a, b], labels: {a: b}}");
        result.Errors.Should().BeEmpty();
        result.UnknownFields.Should().BeEmpty();
    }

    // One row per OpenAPI rule: the spec, the field and the exact cause message the API server sends.
    [Theory]
    [InlineData("spec: {name: abc}", "spec.mode", "FieldValueRequired", "Required value")]
    [InlineData("spec: {mode: Foo}", "spec.mode", "FieldValueNotSupported", "Unsupported value: \"Foo\": supported values: \"Permissive\", \"Strict\", \"Disabled\"")]
    [InlineData("spec: {mode: Strict, name: ABC}", "spec.name", "FieldValueInvalid", "Invalid value: \"ABC\": spec.name in body should match '^[a-z]+$'")]
    [InlineData("spec: {mode: Strict, name: a}", "spec.name", "FieldValueInvalid", "Invalid value: \"a\": spec.name in body should be at least 2 chars long")]
    [InlineData("spec: {mode: Strict, name: abcdef}", "spec.name", "FieldValueTooLong", "Too long: may not be more than 5 bytes")]
    [InlineData("spec: {mode: Strict, replicas: 11}", "spec.replicas", "FieldValueInvalid", "Invalid value: 11: spec.replicas in body should be less than or equal to 10")]
    [InlineData("spec: {mode: Strict, replicas: 0}", "spec.replicas", "FieldValueInvalid", "Invalid value: 0: spec.replicas in body should be greater than or equal to 1")]
    [InlineData("spec: {mode: Strict, ratio: 1}", "spec.ratio", "FieldValueInvalid", "Invalid value: 1: spec.ratio in body should be less than 1")]
    [InlineData("spec: {mode: Strict, ratio: 0}", "spec.ratio", "FieldValueInvalid", "Invalid value: 0: spec.ratio in body should be greater than 0")]
    [InlineData("spec: {mode: Strict, step: 7}", "spec.step", "FieldValueInvalid", "Invalid value: 7: spec.step in body should be a multiple of 5")]
    [InlineData("spec: {mode: Strict, replicas: three}", "spec.replicas", "FieldValueTypeInvalid", "Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"")]
    [InlineData("spec: {mode: Strict, replicas: 1.5}", "spec.replicas", "FieldValueTypeInvalid", "Invalid value: \"number\": spec.replicas in body must be of type integer: \"number\"")]
    [InlineData("spec: {mode: Strict, port: true}", "spec.port", "FieldValueTypeInvalid", "Invalid value: \"boolean\": spec.port in body must be of type integer,string: \"boolean\"")]
    [InlineData("spec: {mode: Strict, tags: [a, b, c, d]}", "spec.tags", "FieldValueTooMany", "Too many: 4: must have at most 3 items")]
    [InlineData("spec: {mode: Strict, tags: []}", "spec.tags", "FieldValueInvalid", "Invalid value: 0: spec.tags in body should have at least 1 items")]
    [InlineData("spec: {mode: Strict, tags: [a, null]}", "spec.tags[1]", "FieldValueTypeInvalid", "Invalid value: \"null\": spec.tags[1] in body must be of type string: \"null\"")]
    [InlineData("spec: {mode: Strict, tags: [a, b, a]}", "spec.tags[2]", "FieldValueDuplicate", "Duplicate value: \"a\"")]
    [InlineData("spec: {mode: Strict, services: [{name: x}, {name: x}]}", "spec.services[1]", "FieldValueDuplicate", "Duplicate value: map[string]interface {}{\"name\":\"x\"}")]
    [InlineData("spec: {mode: Strict, services: [{weight: 2}]}", "spec.services[0].name", "FieldValueRequired", "Required value")]
    [InlineData("spec: {mode: Strict, labels: {a: x, b: y, c: z}}", "spec.labels", "FieldValueTooMany", "Too many: 3: must have at most 2 items")]
    [InlineData("spec: {mode: Strict, labels: {}}", "spec.labels", "FieldValueInvalid", "Invalid value: 0: spec.labels in body should have at least 1 properties")]
    [InlineData("spec: {mode: Strict, labels: {a: 1}}", "spec.labels.a", "FieldValueTypeInvalid", "Invalid value: \"integer\": spec.labels.a in body must be of type string: \"integer\"")]
    [InlineData("spec: {mode: Strict, timeout: soon}", "spec.timeout", "FieldValueTypeInvalid", "Invalid value: \"soon\": spec.timeout in body must be of type duration: \"soon\"")]
    [InlineData("spec: {mode: Strict, since: yesterday}", "spec.since", "FieldValueTypeInvalid", "Invalid value: \"yesterday\": spec.since in body must be of type date-time: \"yesterday\"")]
    [InlineData("spec: {mode: Strict, tls: []}", "spec.tls", "FieldValueTypeInvalid", "Invalid value: \"array\": spec.tls in body must be of type object: \"array\"")]
    [InlineData("spec: 5", "spec", "FieldValueTypeInvalid", "Invalid value: \"integer\": spec in body must be of type object: \"integer\"")]
    public void Refuses_a_value_that_breaks_a_rule(string specYaml, string field, string type, string message)
    {
        // A blocking error (Required, NotSupported, TooLong, TooMany, TypeInvalid) adds the "rules not checked" cause.
        Admit(specYaml).Errors.Where(e => e.Field != "<nil>").Should().ContainSingle().Which.Should().Be(new FieldError(field, type, message));
    }

    [Theory]
    [InlineData("spec: {name: abc}", true)]
    [InlineData("spec: {mode: Strict, labels: {}}", false)]
    public void Skips_cel_rules_after_a_blocking_error_and_says_so(string specYaml, bool blocking)
    {
        // apiextensions-apiserver strategy.go (hasBlockingErr): rules never run on an object that is already malformed.
        var notChecked = Admit(specYaml).Errors.Where(e => e.Field == "<nil>").ToList();
        if (blocking)
        {
            notChecked.Should().ContainSingle().Which.Message.Should().Contain("some validation rules were not checked because the object was invalid");
        }
        else
        {
            notChecked.Should().BeEmpty();
        }
    }

    [Fact]
    public void Reports_every_error_at_once()
    {
        Admit("spec: {mode: Foo, name: ABC, replicas: 99}").Errors.Select(e => e.Field).Should().BeEquivalentTo("spec.mode", "spec.name", "spec.replicas", "<nil>");
    }

    [Theory]
    [InlineData("spec: {mode: Strict, port: 80}")]
    [InlineData("spec: {mode: Strict, port: http}")]
    [InlineData("spec: {mode: Strict, nullableNote: null}")]
    [InlineData("spec: {mode: Strict, timeout: 1h30m}")]
    [InlineData("spec: {mode: Strict, timeout: 500ms}")]
    [InlineData("spec: {mode: Strict, since: '2026-11-25T20:00:00Z'}")]
    [InlineData("spec: {mode: Strict, ratio: 0.25, replicas: 10}")]
    public void Accepts_values_within_the_rules(string specYaml) => Admit(specYaml).Errors.Should().BeEmpty();

    [Fact]
    public void Validates_metadata_name_as_a_DNS_subdomain_and_against_the_schema()
    {
        var obj = TestSchemas.Resource("spec: {mode: Strict}");
        obj["metadata"]!["name"] = "Bad_Name-that-is-way-too-long";
        var errors = SchemaAdmission.Admit(TestSchemas.Policy, obj, null, false).Errors;
        errors.Should().Contain(e => e.Field == "metadata.name" && e.Message.StartsWith("Invalid value: \"Bad_Name-that-is-way-too-long\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters", StringComparison.Ordinal));
        errors.Should().Contain(new FieldError("metadata.name", "FieldValueTooLong", "Too long: may not be more than 20 bytes"));
    }

    [Fact]
    public void Requires_a_name_or_generateName()
    {
        var obj = Yaml.Obj("apiVersion: mesh.dev/v1alpha1\nkind: MeshPolicy\nmetadata: {namespace: default}\nspec: {mode: Strict}");
        SchemaAdmission.Admit(TestSchemas.Policy, obj, null, false).Errors.Where(e => e.Field != "<nil>").Should().ContainSingle()
            .Which.Should().Be(new FieldError("metadata.name", "FieldValueRequired", "Required value: name or generateName is required"));

        obj["metadata"]!["generateName"] = "demo-";
        SchemaAdmission.Admit(TestSchemas.Policy, obj, null, false).Errors.Should().BeEmpty();
    }

    [Fact]
    public void Field_errors_print_as_field_colon_message()
    {
        new FieldError("spec.mode", "FieldValueRequired", "Required value").ToString().Should().Be("spec.mode: Required value");
    }
}
