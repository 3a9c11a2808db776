using Mesh.LocalCluster.Http;

namespace Mesh.LocalCluster.Tests.Unit;

public sealed class YamlToJsonTests
{
    [Fact]
    public void Types_plain_scalars_like_kubectl_and_keeps_quoted_ones_as_strings()
    {
        var docs = YamlToJson.Documents("""
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              ports:
              - port: 8080
                name: "8080"
                weight: 0.5
              enabled: true
              nothing: null
            ---
            # an empty document is skipped
            ---
            kind: Namespace
            """);

        docs.Should().HaveCount(2);
        docs[0].ToJsonString().Should().Be("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"ports":[{"port":8080,"name":"8080","weight":0.5}],"enabled":true,"nothing":null}}""");
        docs[1]["kind"]!.GetValue<string>().Should().Be("Namespace");
    }

    [Theory]
    [InlineData("-42", "-42")]
    [InlineData("+7", "7")]
    [InlineData("1e3", "1000")]
    [InlineData("-.5", "-0.5")]
    [InlineData("'12'", "\"12\"")]
    [InlineData("|\n  12", "\"12\"")]
    [InlineData("~", "null")]
    [InlineData("TRUE", "true")]
    // Words double.Parse would read as numbers, and a number beyond double's range, stay strings: JSON has no form for them.
    [InlineData("Infinity", "\"Infinity\"")]
    [InlineData("-Infinity", "\"-Infinity\"")]
    [InlineData("NaN", "\"NaN\"")]
    [InlineData("1e400", "\"1e400\"")]
    // Not numbers in the YAML 1.2 core schema.
    [InlineData("1_000", "\"1_000\"")]
    [InlineData("12abc", "\"12abc\"")]
    public void Types_a_scalar_by_the_YAML_1_2_core_schema(string yaml, string json)
    {
        var value = YamlToJson.Convert("value: " + yaml)!["value"];

        (value?.ToJsonString() ?? "null").Should().Be(json);
    }

    [Fact]
    public void Convert_reads_the_first_document_and_ConvertAll_keeps_empty_ones_as_null()
    {
        const string yaml = "a: 1\n---\n---\nb: 2\n";

        YamlToJson.Convert(yaml)!.ToJsonString().Should().Be("""{"a":1}""");
        YamlToJson.ConvertAll(yaml).Select(n => n?.ToJsonString()).Should().Equal("""{"a":1}""", null, """{"b":2}""");
        YamlToJson.Convert("").Should().BeNull();
    }
}
