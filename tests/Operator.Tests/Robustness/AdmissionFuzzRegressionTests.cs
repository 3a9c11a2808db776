using System.Text;
using System.Text.Json.Nodes;
using Mesh.Operator.Entities;
using Mesh.Operator.Injection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Operator.Tests.Robustness;

/// <summary>
/// Found by fuzzing the AdmissionReview handler (fuzz/run.sh admission): a string with invalid UTF-8 or an object
/// with a repeated key parsed fine and then threw when the handler read it (InvalidOperationException,
/// ArgumentException: the endpoint's 500). Now the first is read with U+FFFD, as Go would, and the second is a 400.
/// </summary>
public sealed class AdmissionFuzzRegressionTests
{
    private static AdmissionReply Handle(byte[] body) =>
        new AdmissionHandler(new NoPolicies(), new InjectorOptions(), NullLogger<AdmissionHandler>.Instance).Handle(body);

    [Fact]
    public void Invalid_utf8_in_the_review_is_answered_not_thrown()
    {
        byte[] body =
        [
            .. Encoding.UTF8.GetBytes("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u"""),
            0xFF,
            .. Encoding.UTF8.GetBytes("\",\"namespace\":\"shop\",\"object\":{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p"),
            0xC9,
            .. Encoding.UTF8.GetBytes("\"}}}}"),
        ];

        var reply = Handle(body);

        reply.StatusCode.Should().Be(200, reply.Body);
        ((string?)JsonNode.Parse(reply.Body)!["response"]!["uid"]).Should().Be("u\uFFFD", "the uid is echoed as decoded");
    }

    [Fact]
    public void A_repeated_key_is_a_400()
    {
        var reply = Handle(Encoding.UTF8.GetBytes("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","kind":"AdmissionReview","request":{"uid":"u"}}"""));

        reply.StatusCode.Should().Be(400);
        reply.Body.Should().Contain("not JSON");
    }

    private sealed class NoPolicies : IInjectionPolicySource
    {
        public bool Synced => true;

        public IReadOnlyList<MeshPolicy> PoliciesIn(string @namespace) => [];
    }
}
