using Mesh.LocalCluster.Patching;

namespace Mesh.LocalCluster.Tests.Patching;

public sealed class JsonPatchTests
{
    private static readonly string Doc = """{"metadata":{"labels":{"a/b":"1"}},"spec":{"list":["x","y"],"n":1}}""";

    [Theory]
    [InlineData("""[{"op":"add","path":"/spec/m","value":2}]""", """{"metadata":{"labels":{"a/b":"1"}},"spec":{"list":["x","y"],"n":1,"m":2}}""")]
    [InlineData("""[{"op":"add","path":"/spec/list/-","value":"z"}]""", """{"metadata":{"labels":{"a/b":"1"}},"spec":{"list":["x","y","z"],"n":1}}""")]
    [InlineData("""[{"op":"add","path":"/spec/list/0","value":"w"}]""", """{"metadata":{"labels":{"a/b":"1"}},"spec":{"list":["w","x","y"],"n":1}}""")]
    [InlineData("""[{"op":"remove","path":"/metadata/labels/a~1b"}]""", """{"metadata":{"labels":{}},"spec":{"list":["x","y"],"n":1}}""")]
    [InlineData("""[{"op":"replace","path":"/spec/n","value":5}]""", """{"metadata":{"labels":{"a/b":"1"}},"spec":{"list":["x","y"],"n":5}}""")]
    [InlineData("""[{"op":"move","from":"/spec/n","path":"/spec/k"}]""", """{"metadata":{"labels":{"a/b":"1"}},"spec":{"list":["x","y"],"k":1}}""")]
    [InlineData("""[{"op":"copy","from":"/spec/list/1","path":"/spec/c"}]""", """{"metadata":{"labels":{"a/b":"1"}},"spec":{"list":["x","y"],"n":1,"c":"y"}}""")]
    [InlineData("""[{"op":"test","path":"/spec/n","value":1},{"op":"remove","path":"/spec/list/0"}]""", """{"metadata":{"labels":{"a/b":"1"}},"spec":{"list":["y"],"n":1}}""")]
    public void Applies_each_operation(string patch, string expected)
    {
        var current = Json.Obj(Doc);
        PatchEngine.ApplyJsonPatch(current, Json.Arr(patch)).ShouldEqualJson(expected);
        current.ShouldEqualJson(Doc);
    }

    [Theory]
    [InlineData("""[{"op":"test","path":"/spec/n","value":2}]""", "testing value /spec/n failed: test failed")]
    [InlineData("""[{"op":"add","path":"/spec/missing/x","value":2}]""", "add operation does not apply: doc is missing path: \"/spec/missing/x\": missing value")]
    [InlineData("""[{"op":"remove","path":"/spec/nope"}]""", "error in remove for path: '/spec/nope': Unable to remove nonexistent key: nope: missing value")]
    [InlineData("""[{"op":"replace","path":"/spec/nope","value":1}]""", "replace operation does not apply: doc is missing key: /spec/nope: missing value")]
    [InlineData("""[{"op":"remove","path":"/spec/list/7"}]""", "error in remove for path: '/spec/list/7': Unable to access invalid index: 7: invalid index referenced")]
    [InlineData("""[{"op":"jump","path":"/spec"}]""", "Unexpected kind: jump")]
    public void Reports_failures_as_the_API_server_words_them(string patch, string message)
    {
        var act = () => PatchEngine.ApplyJsonPatch(Json.Obj(Doc), Json.Arr(patch));
        var error = act.Should().Throw<PatchException>().Which;
        error.Message.Should().Be(message);
        error.StatusCode.Should().Be(422);
    }

    [Fact]
    public void A_failed_test_leaves_the_input_untouched()
    {
        var current = Json.Obj(Doc);
        var act = () => PatchEngine.ApplyJsonPatch(current, Json.Arr("""[{"op":"remove","path":"/spec/n"},{"op":"test","path":"/spec/n","value":1}]"""));
        act.Should().Throw<PatchException>();
        current.ShouldEqualJson(Doc);
    }
}
