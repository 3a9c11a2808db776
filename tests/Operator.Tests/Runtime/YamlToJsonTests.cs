using Mesh.Operator.Hosting;

namespace Mesh.Operator.Tests.Runtime;

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
}
