using System.Text;
using System.Text.Json.Nodes;
using Mesh.LocalCluster.Admission;
using Mesh.LocalCluster.Errors;
using static Mesh.LocalCluster.Tests.Admission.AdmissionTestData;

namespace Mesh.LocalCluster.Tests.Admission;

/// <summary>The chain's decisions with a fake caller: order, reinvocation, failure policy, dry run, denials.</summary>
public sealed class AdmissionChainTests
{
    [Fact]
    public async Task A_dry_run_refuses_a_webhook_with_side_effects_and_calls_NoneOnDryRun_ones()
    {
        var caller = new FakeCaller(_ => Allow());
        var chain = Chain(caller, Hook("some.mesh.dev") with { SideEffects = "Some" });
        var call = () => chain.MutateAsync(Request(dryRun: true), _ => { }, CancellationToken.None);
        var error = (await call.Should().ThrowAsync<ApiException>()).Which;
        error.Code.Should().Be(400);
        error.Message.Should().Be("admission webhook \"some.mesh.dev\" does not support dry run");
        caller.Calls.Should().BeEmpty();

        var fine = Chain(caller, Hook("fine.mesh.dev") with { SideEffects = "NoneOnDryRun" });
        await fine.MutateAsync(Request(dryRun: true), _ => { }, CancellationToken.None);
        caller.Calls.Should().ContainSingle().Which["request"]!["dryRun"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public async Task Mutating_webhooks_run_in_order_each_seeing_the_earlier_patches()
    {
        var caller = new FakeCaller(review => review["request"]!["object"]!["metadata"]!["labels"]!.AsObject().Count == 0
            ? PatchLabel("first", "1")
            : PatchLabel("second", "2"));
        var chain = Chain(caller, Hook("a.mesh.dev"), Hook("b.mesh.dev"));
        var result = await chain.MutateAsync(Request(), _ => { }, CancellationToken.None);
        result!["metadata"]!["labels"]!.ToJsonString().Should().Be("""{"first":"1","second":"2"}""");
        caller.Calls.Should().HaveCount(2);
    }

    [Fact]
    public async Task Reinvocation_happens_once_and_only_for_IfNeeded_webhooks_that_ran_before_a_change()
    {
        var caller = new FakeCaller(review => review["request"]!["object"]!["metadata"]!["labels"]!["b"] is null && Name(review) == "b"
            ? PatchLabel("b", "1")
            : Allow());
        var chain = Chain(caller,
            Hook("first.mesh.dev") with { ReinvocationPolicy = "IfNeeded" },
            Hook("never.mesh.dev"),
            Hook("b") with { ReinvocationPolicy = "IfNeeded" });
        await chain.MutateAsync(Request(), _ => { }, CancellationToken.None);
        caller.Calls.Select(Name).Should().Equal("first.mesh.dev", "never.mesh.dev", "b", "first.mesh.dev");
    }

    [Fact]
    public async Task A_call_failure_is_ignored_with_Ignore_and_a_500_with_Fail()
    {
        var caller = new FakeCaller(_ => throw new WebhookCallException("x", "failed to call webhook: boom"));
        var ignored = Chain(caller, Hook("x") with { FailurePolicy = "Ignore" });
        (await ignored.MutateAsync(Request(), _ => { }, CancellationToken.None))!["metadata"]!["name"]!.GetValue<string>().Should().Be("demo");

        var failing = Chain(caller, Hook("x"));
        var call = () => failing.MutateAsync(Request(), _ => { }, CancellationToken.None);
        var error = (await call.Should().ThrowAsync<ApiException>()).Which;
        error.Code.Should().Be(500);
        error.Reason.Should().Be("InternalError");
        error.Message.Should().Be("Internal error occurred: failed calling webhook \"x\": failed to call webhook: boom");
    }

    [Theory]
    [InlineData(200, "nope", "", 400, "admission webhook \"v.mesh.dev\" denied the request: nope")]
    [InlineData(409, "", "Conflict", 409, "admission webhook \"v.mesh.dev\" denied the request: Conflict")]
    [InlineData(0, "", "", 400, "admission webhook \"v.mesh.dev\" denied the request without explanation")]
    public async Task A_denial_keeps_the_webhook_code_from_400_up(int code, string message, string reason, int expectedCode, string expected)
    {
        var status = new JsonObject { ["code"] = code, ["message"] = message, ["reason"] = reason };
        var chain = Chain(new FakeCaller(_ => new JsonObject { ["allowed"] = false, ["status"] = status }), Hook("v.mesh.dev", mutating: false));
        var call = () => chain.ValidateAsync(Request(), _ => { }, CancellationToken.None);
        var error = (await call.Should().ThrowAsync<ApiException>()).Which;
        error.Code.Should().Be(expectedCode);
        error.Message.Should().Be(expected);
    }

    [Fact]
    public async Task Validating_webhooks_all_run_and_the_first_refusal_in_order_answers()
    {
        var caller = new FakeCaller(review => Name(review) == "b" ? new JsonObject { ["allowed"] = true, ["warnings"] = new JsonArray("from b") }
            : new JsonObject { ["allowed"] = false, ["status"] = new JsonObject { ["message"] = Name(review) } });
        var warnings = new List<string>();
        var chain = Chain(caller, Hook("a", mutating: false), Hook("b", mutating: false), Hook("c", mutating: false));
        var call = () => chain.ValidateAsync(Request(), w => { lock (warnings) { warnings.Add(w); } }, CancellationToken.None);
        (await call.Should().ThrowAsync<ApiException>()).Which.Message.Should().Be("admission webhook \"a\" denied the request: a");
        caller.Calls.Should().HaveCount(3);
        warnings.Should().Equal("from b");
    }

    [Fact]
    public async Task A_patch_on_a_DELETE_is_a_call_failure()
    {
        var chain = Chain(new FakeCaller(_ => PatchLabel("x", "y")), Hook("d"));
        var call = () => chain.MutateAsync(Request("DELETE", old: Object()), _ => { }, CancellationToken.None);
        (await call.Should().ThrowAsync<ApiException>()).Which.Message.Should().Be(
            "Internal error occurred: failed calling webhook \"d\": received invalid webhook response: a patch was returned for a request without an object");
    }

    [Fact]
    public async Task A_patch_that_does_not_apply_is_an_internal_error_even_with_Ignore()
    {
        var bad = new JsonObject { ["op"] = "remove", ["path"] = "/spec/missing" };
        var chain = Chain(new FakeCaller(_ => Patch(bad)), Hook("p") with { FailurePolicy = "Ignore" });
        var call = () => chain.MutateAsync(Request(), _ => { }, CancellationToken.None);
        (await call.Should().ThrowAsync<ApiException>()).Which.Code.Should().Be(500);
    }

    [Fact]
    public async Task Webhooks_that_do_not_match_are_not_called_and_Applies_says_so()
    {
        var caller = new FakeCaller(_ => Allow());
        var chain = Chain(caller, Hook("s", resources: ["secrets"]));
        chain.Applies(Request()).Should().BeFalse();
        await chain.MutateAsync(Request(), _ => { }, CancellationToken.None);
        caller.Calls.Should().BeEmpty();
        chain.Applies(Request(plural: "secrets")).Should().BeTrue();
    }

    private static AdmissionChain Chain(FakeCaller caller, params WebhookDefinition[] hooks) =>
        new(new FakeSource(hooks), caller, Guid.NewGuid);

    private static string Name(JsonObject review) => review["hook"]!.GetValue<string>();

    private static JsonObject Allow() => new() { ["allowed"] = true };

    private static JsonObject PatchLabel(string key, string value) =>
        Patch(new JsonObject { ["op"] = "add", ["path"] = $"/metadata/labels/{key}", ["value"] = value });

    private static JsonObject Patch(params JsonObject[] operations) => new()
    {
        ["allowed"] = true,
        ["patchType"] = "JSONPatch",
        ["patch"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonArray(operations).ToJsonString())),
    };

    private sealed class FakeSource(IReadOnlyList<WebhookDefinition> hooks) : IWebhookSource
    {
        public IReadOnlyList<WebhookDefinition> Webhooks(bool mutating) => hooks.Where(h => h.Mutating == mutating).ToList();

        public IReadOnlyDictionary<string, string>? NamespaceLabels(string name) => new Dictionary<string, string>();
    }

    /// <summary>Answers with what <paramref name="respond"/> builds from the review (the review carries "hook": the webhook's name).</summary>
    private sealed class FakeCaller(Func<JsonObject, JsonObject> respond) : IWebhookCaller
    {
        public List<JsonObject> Calls { get; } = [];

        public Task<JsonNode?> CallAsync(WebhookDefinition webhook, JsonObject review, CancellationToken ct)
        {
            review["hook"] = webhook.Name;
            lock (Calls)
            {
                Calls.Add(review);
            }

            var response = respond(review);
            response["uid"] = review["request"]!["uid"]!.DeepClone();
            return Task.FromResult<JsonNode?>(new JsonObject { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["response"] = response });
        }
    }
}
