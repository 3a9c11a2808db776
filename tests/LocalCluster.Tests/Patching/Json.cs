using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Tests.Patching;

internal static class Json
{
    public static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    public static JsonArray Arr(string json) => JsonNode.Parse(json)!.AsArray();

    public static void ShouldEqualJson(this JsonNode? actual, string expected)
    {
        var want = JsonNode.Parse(expected);
        JsonNode.DeepEquals(actual, want).Should().BeTrue($"expected {want?.ToJsonString()} but got {actual?.ToJsonString()}");
    }
}
