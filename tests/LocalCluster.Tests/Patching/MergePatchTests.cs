using Mesh.LocalCluster.Patching;

namespace Mesh.LocalCluster.Tests.Patching;

public sealed class MergePatchTests
{
    [Fact]
    public void Merges_maps_recursively_and_null_deletes_a_key()
    {
        var current = Json.Obj("""{"metadata":{"labels":{"a":"1","b":"2"}},"spec":{"x":1}}""");
        var result = PatchEngine.ApplyMergePatch(current, Json.Obj("""{"metadata":{"labels":{"a":null,"c":"3"}},"spec":{"y":2}}"""));
        result.ShouldEqualJson("""{"metadata":{"labels":{"b":"2","c":"3"}},"spec":{"x":1,"y":2}}""");
    }

    [Fact]
    public void Replaces_lists_as_a_whole()
    {
        var current = Json.Obj("""{"spec":{"items":[1,2,3]}}""");
        PatchEngine.ApplyMergePatch(current, Json.Obj("""{"spec":{"items":[4]}}""")).ShouldEqualJson("""{"spec":{"items":[4]}}""");
    }

    [Fact]
    public void Does_not_mutate_its_inputs()
    {
        var current = Json.Obj("""{"spec":{"x":1}}""");
        var patch = Json.Obj("""{"spec":{"x":null,"y":{"z":1}}}""");
        PatchEngine.ApplyMergePatch(current, patch);
        current.ShouldEqualJson("""{"spec":{"x":1}}""");
        patch.ShouldEqualJson("""{"spec":{"x":null,"y":{"z":1}}}""");
    }

    [Fact]
    public void Refuses_a_patch_that_is_not_an_object()
    {
        var act = () => PatchEngine.ApplyMergePatch(Json.Obj("{}"), Json.Arr("[1]"));
        act.Should().Throw<PatchException>().Which.StatusCode.Should().Be(400);
    }
}
