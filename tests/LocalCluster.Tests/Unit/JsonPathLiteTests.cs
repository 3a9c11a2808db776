using System.Text.Json.Nodes;
using Mesh.LocalCluster.Tables;

namespace Mesh.LocalCluster.Tests.Unit;

public sealed class JsonPathLiteTests
{
    private static readonly JsonNode Doc = JsonNode.Parse("""
        {"spec":{"size":3,"ports":[{"port":80},{"port":443}]},
         "status":{"conditions":[{"type":"Ready","status":"True"},{"type":"Programmed","status":"False"}]}}
        """)!;

    [Theory]
    [InlineData(".spec.size", "3")]
    [InlineData(".spec.ports[0].port", "80")]
    [InlineData(".spec.ports[*].port", "80,443")]
    [InlineData(".status.conditions[?(@.type==\"Ready\")].status", "True")]
    [InlineData("{.status.conditions[?(@.type=='Programmed')].status}", "False")]
    [InlineData(".spec.missing", "")]
    public void Prints_what_kubectl_prints(string path, string expected) =>
        JsonPathLite.Print(JsonPathLite.Evaluate(Doc, path)).Should().Be(expected);
}
