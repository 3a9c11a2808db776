using System.Text;
using System.Text.Json.Nodes;
using Mesh.LocalCluster.Admission;
using static Mesh.LocalCluster.Tests.Admission.AdmissionTestData;

namespace Mesh.LocalCluster.Tests.Admission;

public sealed class AdmissionResponseReaderTests
{
    [Fact]
    public void An_allowed_answer_with_a_patch_and_warnings_is_decoded()
    {
        var patch = Convert.ToBase64String(Encoding.UTF8.GetBytes("""[{"op":"add","path":"/x","value":1}]"""));
        var verdict = AdmissionResponseReader.Read(Hook(), "u1", Review(new JsonObject
        {
            ["uid"] = "u1", ["allowed"] = true, ["patchType"] = "JSONPatch", ["patch"] = patch, ["warnings"] = new JsonArray("w1", "w2"),
        }));
        verdict.Allowed.Should().BeTrue();
        verdict.Patch!.ToJsonString().Should().Be("""[{"op":"add","path":"/x","value":1}]""");
        verdict.Warnings.Should().Equal("w1", "w2");
    }

    [Theory]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","response":{"uid":"u1","allowed":true}}""",
        "expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got admission.k8s.io/v1beta1, Kind=AdmissionReview")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}""", "webhook response was absent")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"u2","allowed":true}}""",
        "expected response.uid=\"u1\", got \"u2\"")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"u1","allowed":true,"patch":"W10="}}""",
        "webhook returned response.patch but not response.patchType")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"u1","allowed":true,"patch":"W10=","patchType":"MergePatch"}}""",
        "webhook returned invalid response.patchType of \"MergePatch\"")]
    public void Invalid_answers_are_call_failures_with_the_real_wording(string answer, string why)
    {
        var read = () => AdmissionResponseReader.Read(Hook(), "u1", JsonNode.Parse(answer));
        read.Should().Throw<WebhookCallException>().Which.Message.Should().Be($"failed calling webhook \"hook.mesh.dev\": received invalid webhook response: {why}");
    }

    [Fact]
    public void A_validating_webhook_may_not_patch()
    {
        var read = () => AdmissionResponseReader.Read(Hook(mutating: false), "u1",
            Review(new JsonObject { ["uid"] = "u1", ["allowed"] = true, ["patchType"] = "JSONPatch", ["patch"] = "W10=" }));
        read.Should().Throw<WebhookCallException>().Which.Reason.Should().Be("received invalid webhook response: validating webhook may not return response.patch");
    }

    [Fact]
    public void A_patch_that_is_not_base64_is_refused()
    {
        var read = () => AdmissionResponseReader.Read(Hook(), "u1",
            Review(new JsonObject { ["uid"] = "u1", ["allowed"] = true, ["patchType"] = "JSONPatch", ["patch"] = "!!" }));
        read.Should().Throw<WebhookCallException>().Which.Reason.Should().StartWith("received invalid webhook response: illegal base64 data");
    }

    private static JsonObject Review(JsonObject response) =>
        new() { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["response"] = response };
}
