using System.Text;
using System.Text.Json.Nodes;
using k8s.Models;
using Mesh.Operator.Injection;
using Mesh.Operator.Planning;
using Mesh.XdsServer.Contract;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Operator.Tests.Injection;

/// <summary>
/// The MeshPolicy validator's handler on its own: bad bodies are 400s with the reason; what it cannot judge is allowed
/// with a warning; a policy the planner refuses is denied naming the field; an accepted one gets what-if warnings.
/// The live state is one namespace "demo" with a Service "web" and one meshed pod behind it.
/// </summary>
public sealed class MeshPolicyValidationHandlerTests
{
    private sealed class FixedState(Func<IReadOnlyList<NamespaceState>> read) : IMeshStateSource
    {
        public Task<IReadOnlyList<NamespaceState>> ReadAsync(string alsoNamespace, bool wholeMesh, CancellationToken ct) => Task.FromResult(read());
    }

    [Theory]
    [InlineData("not json", "the body is not JSON")]
    [InlineData("[1, 2]", "the body is not an AdmissionReview")]
    [InlineData("""{"apiVersion": "v1", "kind": "Pod"}""", "the body is not an AdmissionReview")]
    [InlineData("""{"apiVersion": "admission.k8s.io/v1beta1", "kind": "AdmissionReview", "request": {"uid": "u"}}""", "AdmissionReview apiVersion \"admission.k8s.io/v1beta1\" is not served")]
    [InlineData("""{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {}}""", "the AdmissionReview has no request.uid")]
    public async Task A_body_that_is_not_a_v1_AdmissionReview_is_a_400_with_the_reason(string body, string reason)
    {
        var reply = await Handler(Live).HandleAsync(Encoding.UTF8.GetBytes(body), CancellationToken.None);

        reply.StatusCode.Should().Be(400);
        reply.Body.Should().StartWith(reason);
    }

    [Fact]
    public async Task A_repeated_key_is_a_400_and_invalid_utf8_never_throws()
    {
        // The injector's envelope checks, shared: the fuzzer's two 500s (repeated keys, invalid UTF-8) cannot reach here.
        var repeated = await Handler(Live).HandleAsync(Encoding.UTF8.GetBytes("""{"kind": "AdmissionReview", "kind": "AdmissionReview"}"""), CancellationToken.None);
        repeated.StatusCode.Should().Be(400);
        repeated.Body.Should().StartWith("the body is not JSON");

        byte[] invalid = [.. Encoding.UTF8.GetBytes("{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": {\"uid\": \"u"), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"}}")];
        var reply = await Handler(Live).HandleAsync(invalid, CancellationToken.None);
        reply.StatusCode.Should().Be(200, "the uid holds U+FFFD and the review is otherwise valid");
    }

    [Fact]
    public async Task Another_kind_is_allowed_unjudged_with_a_warning_naming_the_rules()
    {
        var review = Review("CREATE", new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod" });
        review["request"]!["kind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "Pod" };

        var response = await RespondAsync(review);

        response["allowed"]!.GetValue<bool>().Should().BeTrue();
        Warnings(response).Should().ContainSingle().Which.Should().Contain("judges only mesh.dev/v1alpha1 MeshPolicy").And.Contain("check the webhook's rules");
    }

    [Fact]
    public async Task A_delete_is_allowed_without_warnings()
    {
        var response = await RespondAsync(Review("DELETE", null));

        response["allowed"]!.GetValue<bool>().Should().BeTrue();
        response["warnings"].Should().BeNull();
        response["uid"]!.GetValue<string>().Should().Be("uid-1");
    }

    [Fact]
    public async Task A_policy_the_planner_refuses_in_itself_is_denied_naming_the_field_and_the_fix()
    {
        var response = await RespondAsync(Review("CREATE", Policy(["web"], regex: "(?<=team-)qa")));

        response["allowed"]!.GetValue<bool>().Should().BeFalse();
        response["status"]!["code"]!.GetValue<int>().Should().Be(422);
        response["status"]!["message"]!.GetValue<string>().Should().Be(
            "MeshPolicy demo/demo is refused by the mesh planner: spec.services[0].routes[0].match.headers[0].regex: regex \"(?<=team-)qa\" uses lookahead or lookbehind, which RE2 (Envoy's regex engine) does not support; rewrite it in RE2 syntax.");
    }

    [Fact]
    public async Task A_reference_to_a_service_not_yet_applied_is_admitted_with_warnings_naming_it()
    {
        // kubectl apply -f dir/ may apply the policy before the Service: refusing would break an apply that ends up right.
        var response = await RespondAsync(Review("CREATE", Policy(["web", "missing"])));

        response["allowed"]!.GetValue<bool>().Should().BeTrue();
        var warnings = Warnings(response);
        warnings[0].Should().StartWith("mesh: not accepted until what it references exists");
        warnings.Should().Contain(w => w.StartsWith("mesh: MESH", StringComparison.Ordinal) && w.Contains("spec.services[1].name: ", StringComparison.Ordinal) && w.Contains("\"missing\"", StringComparison.Ordinal));
        warnings.Should().OnlyContain(w => w.Length <= 120);
    }

    [Fact]
    public async Task An_accepted_new_policy_is_answered_with_short_what_if_warnings()
    {
        var response = await RespondAsync(Review("CREATE", Policy(["web"])));

        response["allowed"]!.GetValue<bool>().Should().BeTrue();
        var warnings = Warnings(response);
        warnings[0].Should().MatchRegex(@"^what-if: 2 proxies, clusters \+\d+");
        warnings.Should().Contain(w => w.StartsWith("what-if: + clusters outbound|80||web.demo.svc.cluster.local", StringComparison.Ordinal));
        warnings.Should().OnlyContain(w => w.Length <= 120);
    }

    [Fact]
    public async Task A_real_apply_is_judged_by_the_planner_without_the_what_if()
    {
        var review = Review("CREATE", Policy(["web"]));
        review["request"]!["dryRun"] = false;

        var response = await RespondAsync(review);

        response["allowed"]!.GetValue<bool>().Should().BeTrue();
        response["warnings"].Should().BeNull("the what-if answers dry runs; a real apply must stay fast");
    }

    [Fact]
    public async Task An_unreadable_live_state_admits_unjudged_with_a_warning()
    {
        var handler = Handler(() => throw new HttpRequestException("connection refused"));

        var reply = await handler.HandleAsync(Encoding.UTF8.GetBytes(Review("CREATE", Policy(["web"])).ToJsonString()), CancellationToken.None);
        var response = JsonNode.Parse(reply.Body)!["response"]!;

        response["allowed"]!.GetValue<bool>().Should().BeTrue();
        Warnings(response).Should().ContainSingle().Which.Should().Contain("could not read the live state");
    }

    private static MeshPolicyValidationHandler Handler(Func<IReadOnlyList<NamespaceState>> read) =>
        new(new FixedState(read), NullLogger<MeshPolicyValidationHandler>.Instance);

    private static async Task<JsonNode> RespondAsync(JsonObject review)
    {
        var reply = await Handler(Live).HandleAsync(Encoding.UTF8.GetBytes(review.ToJsonString()), CancellationToken.None);
        reply.StatusCode.Should().Be(200, reply.Body);
        return JsonNode.Parse(reply.Body)!["response"]!;
    }

    private static List<string> Warnings(JsonNode response) =>
        response["warnings"]!.AsArray().Select(w => w!.GetValue<string>()).ToList();

    private static JsonObject Review(string operation, JsonObject? obj) => new()
    {
        ["apiVersion"] = "admission.k8s.io/v1",
        ["kind"] = "AdmissionReview",
        ["request"] = new JsonObject
        {
            ["uid"] = "uid-1",
            ["kind"] = new JsonObject { ["group"] = "mesh.dev", ["version"] = "v1alpha1", ["kind"] = "MeshPolicy" },
            ["resource"] = new JsonObject { ["group"] = "mesh.dev", ["version"] = "v1alpha1", ["resource"] = "meshpolicies" },
            ["namespace"] = "demo",
            ["name"] = "demo",
            ["operation"] = operation,
            ["object"] = obj,
            ["dryRun"] = true,
        },
    };

    private static JsonObject Policy(string[] services, string? regex = null)
    {
        var routes = regex is null ? "" : ", routes: [{name: r, match: {headers: [{name: x-user, regex: \"" + regex + "\"}]}, backends: [{service: web}]}]";
        var entries = string.Join("\n", services.Select(s => "    - {name: " + s + ", ports: [{port: 80, protocol: HTTP}]" + routes + "}"));
        return (JsonObject)Mesh.LocalCluster.Http.YamlToJson.Convert($"""
            apiVersion: mesh.dev/v1alpha1
            kind: MeshPolicy
            metadata: {"{"}name: demo, namespace: demo{"}"}
            spec:
              workloads:
                selector: {"{"}matchLabels: {"{"}app: web{"}"}{"}"}
              services:
            {entries}
            """)!;
    }

    private static IReadOnlyList<NamespaceState> Live() =>
    [
        new NamespaceState
        {
            Namespace = "demo",
            Services =
            [
                new V1Service
                {
                    Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "demo" },
                    Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "web" }, Ports = [new V1ServicePort { Port = 80, Name = "http", AppProtocol = "http" }] },
                },
            ],
            Pods =
            [
                new V1Pod
                {
                    Metadata = new V1ObjectMeta
                    {
                        Name = "web-0",
                        NamespaceProperty = "demo",
                        Labels = new Dictionary<string, string> { ["app"] = "web", [SidecarContract.TlsModeLabel] = SidecarContract.TlsModeMesh },
                    },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "web" }] },
                    Status = new V1PodStatus { Phase = "Running", PodIP = "10.0.0.5" },
                },
            ],
        },
    ];
}
