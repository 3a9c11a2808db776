using System.Text.Json.Nodes;
using Mesh.LocalCluster.Patching;

namespace Mesh.LocalCluster.Tests.Patching;

public sealed class StrategicMergePatchTests
{
    private const string Deployment = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","finalizers":["a"]},
         "spec":{"template":{"spec":{
           "containers":[
             {"name":"nginx","image":"nginx:1.25","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"ports":[{"containerPort":80}]},
             {"name":"sidecar","image":"envoy"}],
           "volumes":[{"name":"v1","emptyDir":{}}],
           "tolerations":[{"key":"k1","operator":"Exists"}]}}}}
        """;

    private static JsonObject Patch(string patch) => PatchEngine.ApplyStrategicMergePatch(Json.Obj(Deployment), Json.Obj(patch), "apps", "Deployment");

    [Fact]
    public void Merges_containers_by_name_as_kubectl_apply_sends_them()
    {
        // The body recorded from kubectl 1.32 apply (kubernetes-wire.md).
        var result = Patch("""{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"}],"containers":[{"image":"nginx:1.27","name":"nginx"},{"$patch":"delete","name":"sidecar"}]}}}}""");
        var containers = result["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        containers.Should().HaveCount(1);
        containers[0]!["image"]!.GetValue<string>().Should().Be("nginx:1.27");
        containers[0]!["env"]!.AsArray().Should().HaveCount(2, "fields the patch does not mention are kept");
    }

    [Fact]
    public void Merges_env_by_name_and_ports_by_container_port()
    {
        var result = Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"nginx","env":[{"name":"B","value":"3"},{"name":"C","value":"4"}],"ports":[{"containerPort":443}]}]}}}}""");
        var nginx = result["spec"]!["template"]!["spec"]!["containers"]![0]!;
        nginx["env"].ShouldEqualJson("""[{"name":"A","value":"1"},{"name":"B","value":"3"},{"name":"C","value":"4"}]""");
        nginx["ports"].ShouldEqualJson("""[{"containerPort":80},{"containerPort":443}]""");
    }

    [Fact]
    public void Replaces_tolerations_because_they_have_no_merge_key()
    {
        var result = Patch("""{"spec":{"template":{"spec":{"tolerations":[{"key":"k2","operator":"Exists"}]}}}}""");
        result["spec"]!["template"]!["spec"]!["tolerations"].ShouldEqualJson("""[{"key":"k2","operator":"Exists"}]""");
    }

    [Fact]
    public void Merges_volumes_by_name()
    {
        var result = Patch("""{"spec":{"template":{"spec":{"volumes":[{"name":"v2","emptyDir":{}}]}}}}""");
        result["spec"]!["template"]!["spec"]!["volumes"]!.AsArray().Select(v => v!["name"]!.GetValue<string>()).Should().Equal("v1", "v2");
    }

    [Fact]
    public void Treats_finalizers_as_a_set_and_honours_deleteFromPrimitiveList()
    {
        Patch("""{"metadata":{"finalizers":["b","a"]}}""")["metadata"]!["finalizers"].ShouldEqualJson("""["a","b"]""");
        Patch("""{"metadata":{"$deleteFromPrimitiveList/finalizers":["a"],"finalizers":["c"]}}""")["metadata"]!["finalizers"].ShouldEqualJson("""["c"]""");
    }

    [Fact]
    public void Replaces_a_map_with_patch_replace_and_deletes_one_with_patch_delete()
    {
        Patch("""{"spec":{"template":{"spec":{"$patch":"replace","containers":[]}}}}""")["spec"]!["template"]!["spec"].ShouldEqualJson("""{"containers":[]}""");
        Patch("""{"spec":{"template":{"$patch":"delete"}}}""")["spec"].ShouldEqualJson("{}");
    }

    [Fact]
    public void Replaces_a_merged_list_when_it_carries_a_replace_directive()
    {
        var result = Patch("""{"spec":{"template":{"spec":{"containers":[{"$patch":"replace"},{"name":"only","image":"x"}]}}}}""");
        result["spec"]!["template"]!["spec"]!["containers"].ShouldEqualJson("""[{"name":"only","image":"x"}]""");
    }

    [Fact]
    public void Keeps_only_retained_keys()
    {
        var current = Json.Obj("""{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}}""");
        var result = PatchEngine.ApplyStrategicMergePatch(current, Json.Obj("""{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}"""), "apps", "Deployment");
        result["spec"]!["strategy"].ShouldEqualJson("""{"type":"Recreate"}""");
    }

    [Fact]
    public void Orders_elements_as_setElementOrder_says()
    {
        var result = Patch("""{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"sidecar"},{"name":"nginx"}]}}}}""");
        result["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).Should().Equal("sidecar", "nginx");
    }

    [Fact]
    public void Merges_service_ports_by_port_and_conditions_by_type()
    {
        var service = Json.Obj("""{"spec":{"ports":[{"port":80,"name":"http"},{"port":443,"name":"https"}]},"status":{"conditions":[{"type":"Ready","status":"False"}]}}""");
        var result = PatchEngine.ApplyStrategicMergePatch(service, Json.Obj("""{"spec":{"ports":[{"port":443,"targetPort":8443}]},"status":{"conditions":[{"type":"Ready","status":"True"}]}}"""), "", "Service");
        result["spec"]!["ports"].ShouldEqualJson("""[{"port":80,"name":"http"},{"port":443,"name":"https","targetPort":8443}]""");
        result["status"]!["conditions"].ShouldEqualJson("""[{"type":"Ready","status":"True"}]""");
    }

    [Fact]
    public void Merges_owner_references_by_uid_on_any_kind()
    {
        var cm = Json.Obj("""{"metadata":{"ownerReferences":[{"uid":"1","name":"a"}]}}""");
        var result = PatchEngine.ApplyStrategicMergePatch(cm, Json.Obj("""{"metadata":{"ownerReferences":[{"uid":"2","name":"b"}]}}"""), "", "ConfigMap");
        result["metadata"]!["ownerReferences"]!.AsArray().Should().HaveCount(2);
    }

    [Fact]
    public void Null_deletes_a_field_and_the_input_is_not_mutated()
    {
        var current = Json.Obj(Deployment);
        var result = PatchEngine.ApplyStrategicMergePatch(current, Json.Obj("""{"metadata":{"finalizers":null}}"""), "apps", "Deployment");
        result["metadata"]!.AsObject().ContainsKey("finalizers").Should().BeFalse();
        current.ShouldEqualJson(Deployment);
    }

    [Fact]
    public void Refuses_a_merged_list_element_without_its_merge_key()
    {
        var act = () => Patch("""{"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}""");
        act.Should().Throw<PatchException>().Which.Message.Should().Contain("does not contain declared merge key: name");
    }
}
