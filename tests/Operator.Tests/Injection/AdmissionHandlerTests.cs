using System.Text;
using System.Text.Json.Nodes;
using Mesh.Operator.Injection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Operator.Tests.Injection;

public sealed class AdmissionHandlerTests
{
    private static readonly InjectionCase Shop = InjectionCase.Load("native-with-user-init");

    private static AdmissionReply Handle(string body, bool synced = true) =>
        new AdmissionHandler(new FakePolicySource(Shop.Policies, synced), new InjectorOptions(), NullLogger<AdmissionHandler>.Instance)
            .Handle(Encoding.UTF8.GetBytes(body));

    [Fact]
    public void A_pod_gets_the_injectors_patch_and_the_uid_is_echoed()
    {
        var reply = Handle(AdmissionReviews.For(Shop.Pod, "shop").ToJsonString());
        reply.StatusCode.Should().Be(200);
        var root = JsonNode.Parse(reply.Body)!;
        ((string?)root["apiVersion"]).Should().Be("admission.k8s.io/v1");
        ((string?)root["kind"]).Should().Be("AdmissionReview");
        var response = AdmissionReviews.Response(reply.Body);
        ((string?)response["uid"]).Should().Be("705ab4f5-6393-11e8-b7cc-42010a800002");
        ((bool?)response["allowed"]).Should().BeTrue();
        ((string?)response["patchType"]).Should().Be("JSONPatch");
        JsonNode.DeepEquals(AdmissionReviews.Patch(response), Shop.Inject().Patch).Should().BeTrue();
    }

    [Fact]
    public void A_pod_without_a_namespace_in_its_metadata_takes_the_requests()
    {
        var pod = (JsonObject)Shop.Pod.DeepClone();
        pod["metadata"]!.AsObject().Remove("namespace");
        AdmissionReviews.Patch(AdmissionReviews.Response(Handle(AdmissionReviews.For(pod, "shop").ToJsonString()).Body)).Should().NotBeNull();
    }

    [Theory]
    [InlineData("not json at all", "not JSON")]
    [InlineData("[1, 2]", "not an AdmissionReview")]
    [InlineData("{\"apiVersion\":\"v1\",\"kind\":\"Pod\"}", "not an AdmissionReview")]
    [InlineData("{\"apiVersion\":\"admission.k8s.io/v1beta1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"x\"}}", "admissionReviewVersions: [v1]")]
    [InlineData("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}", "no request.uid")]
    [InlineData("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"\"}}", "no request.uid")]
    public void A_body_that_is_not_a_v1_admission_review_is_a_400_that_says_why(string body, string says)
    {
        var reply = Handle(body);
        reply.StatusCode.Should().Be(400);
        reply.Body.Should().Contain(says);
    }

    [Fact]
    public void Another_kind_is_admitted_unchanged_with_a_warning()
    {
        var deployment = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["metadata"] = new JsonObject { ["name"] = "d" } };
        var response = AdmissionReviews.Response(Handle(AdmissionReviews.For(deployment, "shop", kind: "Deployment", group: "apps", resource: "deployments").ToJsonString()).Body);
        ((bool?)response["allowed"]).Should().BeTrue();
        response["patch"].Should().BeNull();
        AdmissionReviews.Warnings(response).Should().ContainSingle().Which.Should().Contain("only v1 Pods").And.Contain("apps/v1/Deployment");
    }

    [Fact]
    public void An_update_is_admitted_unchanged_with_a_warning()
    {
        var response = AdmissionReviews.Response(Handle(AdmissionReviews.For(Shop.Pod, "shop", operation: "UPDATE").ToJsonString()).Body);
        ((bool?)response["allowed"]).Should().BeTrue();
        response["patch"].Should().BeNull();
        AdmissionReviews.Warnings(response).Should().ContainSingle().Which.Should().Contain("CREATE only");
    }

    [Fact]
    public void A_pod_that_cannot_be_read_is_admitted_unchanged_with_a_warning_not_a_crash()
    {
        var broken = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = new JsonObject { ["name"] = "x", ["labels"] = "not-a-map" }, ["spec"] = "nope" };
        var reply = Handle(AdmissionReviews.For(broken, "shop").ToJsonString());
        reply.StatusCode.Should().Be(200);
        var response = AdmissionReviews.Response(reply.Body);
        ((bool?)response["allowed"]).Should().BeTrue();
        response["patch"].Should().BeNull();
        AdmissionReviews.Warnings(response).Should().ContainSingle().Which.Should().Contain("could not be read");
    }

    [Fact]
    public void Before_the_policy_cache_is_synced_pods_are_admitted_without_a_sidecar_and_told_so()
    {
        var response = AdmissionReviews.Response(Handle(AdmissionReviews.For(Shop.Pod, "shop").ToJsonString(), synced: false).Body);
        ((bool?)response["allowed"]).Should().BeTrue();
        response["patch"].Should().BeNull();
        AdmissionReviews.Warnings(response).Should().ContainSingle().Which.Should().Contain("SidecarMissing");
    }

    [Fact]
    public void A_blocked_pod_is_admitted_with_the_blockers_as_warnings()
    {
        var input = InjectionCase.Load("reserved-port");
        var handler = new AdmissionHandler(new FakePolicySource(input.Policies), new InjectorOptions(), NullLogger<AdmissionHandler>.Instance);
        var response = AdmissionReviews.Response(handler.Handle(Encoding.UTF8.GetBytes(AdmissionReviews.For(input.Pod, "shop").ToJsonString())).Body);
        ((bool?)response["allowed"]).Should().BeTrue();
        response["patch"].Should().BeNull();
        AdmissionReviews.Warnings(response).Should().ContainSingle().Which.Should().Contain("15001");
    }
}
