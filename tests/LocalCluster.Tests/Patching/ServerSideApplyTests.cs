using System.Text.Json.Nodes;
using Mesh.LocalCluster.Patching;

namespace Mesh.LocalCluster.Tests.Patching;

public sealed class ServerSideApplyTests
{
    private readonly FixedTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 20, 0, 0, TimeSpan.Zero));

    private JsonObject Apply(JsonObject? current, string applied, string manager, bool force = false) =>
        PatchEngine.ApplyServerSideApply(current, Json.Obj(applied), manager, force, _time);

    [Fact]
    public void Creates_the_object_and_records_the_manager_in_managedFields()
    {
        var result = Apply(null, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"demo","labels":{"a":"1"}},"data":{"key1":"x"}}""", "kubectl");
        var entry = result["metadata"]!["managedFields"]![0]!;
        entry["manager"]!.GetValue<string>().Should().Be("kubectl");
        entry["operation"]!.GetValue<string>().Should().Be("Apply");
        entry["apiVersion"]!.GetValue<string>().Should().Be("v1");
        entry["time"]!.GetValue<string>().Should().Be("2026-11-25T20:00:00Z");
        entry["fieldsType"]!.GetValue<string>().Should().Be("FieldsV1");
        entry["fieldsV1"].ShouldEqualJson("""{"f:data":{"f:key1":{}},"f:metadata":{"f:labels":{"f:a":{}}}}""");
        result["data"]!["key1"]!.GetValue<string>().Should().Be("x");
    }

    [Fact]
    public void A_second_manager_changing_an_owned_value_gets_a_conflict_naming_the_field()
    {
        var current = Apply(null, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"demo"},"data":{"key1":"x"}}""", "kubectl-client-side-apply");
        var act = () => Apply(current, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"demo"},"data":{"key1":"y"}}""", "kubectl");
        var error = act.Should().Throw<PatchException>().Which;
        error.StatusCode.Should().Be(409);
        error.Reason.Should().Be("Conflict");
        error.Message.Should().Be("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using v1: .data.key1");
        error.Conflicts.Should().ContainSingle().Which.Should().Be(new PatchConflict("kubectl-client-side-apply", "v1", ".data.key1"));
    }

    [Fact]
    public void Applying_the_same_value_shares_ownership_without_conflict()
    {
        var current = Apply(null, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"demo"},"data":{"key1":"x"}}""", "a");
        var result = Apply(current, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"demo"},"data":{"key1":"x"}}""", "b");
        result["metadata"]!["managedFields"]!.AsArray().Should().HaveCount(2);
    }

    [Fact]
    public void Force_takes_ownership_from_the_other_manager()
    {
        var current = Apply(null, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"demo"},"data":{"key1":"x"}}""", "a");
        var result = Apply(current, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"demo"},"data":{"key1":"y"}}""", "b", force: true);
        result["data"]!["key1"]!.GetValue<string>().Should().Be("y");
        var managers = result["metadata"]!["managedFields"]!.AsArray().Select(e => e!["manager"]!.GetValue<string>());
        managers.Should().Equal("b");
    }

    [Fact]
    public void Removes_a_field_the_manager_stopped_applying()
    {
        var current = Apply(null, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"demo"},"data":{"key1":"x","key2":"y"}}""", "kubectl");
        var result = Apply(current, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"demo"},"data":{"key1":"x"}}""", "kubectl");
        result["data"].ShouldEqualJson("""{"key1":"x"}""");
    }

    [Fact]
    public void Tracks_containers_by_name_in_keyed_entries()
    {
        var result = Apply(null, """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx"}]}}}}""", "kubectl");
        result["metadata"]!["managedFields"]![0]!["fieldsV1"].ShouldEqualJson(
            """{"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:name":{}}}}}}}""");
        var act = () => Apply(result, """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:2"}]}}}}""", "other");
        act.Should().Throw<PatchException>().Which.Conflicts.Single().Field.Should().Be(".spec.template.spec.containers[name=\"nginx\"].image");
    }

    [Fact]
    public void Refuses_an_apply_without_a_field_manager()
    {
        var act = () => Apply(null, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"demo"}}""", "");
        act.Should().Throw<PatchException>().Which.StatusCode.Should().Be(422);
    }

    [Fact]
    public void An_apply_conflicts_with_fields_a_client_side_apply_wrote()
    {
        var created = PatchEngine.RecordUpdate(null, Json.Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"demo"},"data":{"key1":"x","key2":"y"}}"""), "kubectl-client-side-apply", _time);
        var entry = created["metadata"]!["managedFields"]!.AsArray().Single()!;
        entry["operation"]!.GetValue<string>().Should().Be("Update");
        entry["fieldsV1"].ShouldEqualJson("""{"f:data":{"f:key1":{},"f:key2":{}}}""");

        var act = () => Apply(created, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"demo"},"data":{"key1":"z"}}""", "kubectl");
        act.Should().Throw<PatchException>().Which.Conflicts.Should().Equal(new PatchConflict("kubectl-client-side-apply", "v1", ".data.key1"));
    }

    [Fact]
    public void An_update_takes_the_fields_it_changes_from_their_previous_owner()
    {
        var applied = Apply(null, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"demo"},"data":{"key1":"x","key2":"y"}}""", "kubectl");
        var changed = Json.Obj(applied.ToJsonString());
        changed["data"]!["key1"] = "edited";
        changed["data"]!.AsObject().Remove("key2");
        var result = PatchEngine.RecordUpdate(applied, changed, "kubectl-edit", _time);
        var entries = result["metadata"]!["managedFields"]!.AsArray();
        entries.Select(e => e!["manager"]!.GetValue<string>()).Should().Equal("kubectl-edit");
        entries[0]!["fieldsV1"].ShouldEqualJson("""{"f:data":{"f:key1":{}}}""");
    }
}
