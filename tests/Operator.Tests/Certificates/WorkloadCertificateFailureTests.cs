using Mesh.Operator.Certificates;
using Mesh.Operator.Entities;
using static Mesh.Operator.Tests.Certificates.CaTestKit;

namespace Mesh.Operator.Tests.Certificates;

/// <summary>A refused workload Secret write is reported with the current certificate's expiry (or its absence).</summary>
public sealed class WorkloadCertificateFailureTests
{
    [Fact]
    public void A_refused_renewal_names_the_secret_the_error_and_when_the_current_certificate_expires()
    {
        using var ca = Load(NewRoot(T0));
        var reviews = Request("reviews");
        var current = Issue(reviews, ca, T0);

        var condition = WorkloadCertificateFailure.Evaluate([(reviews, current, "500 InternalError: admission webhook \"x\" denied the request."), (Request("ratings"), null, "403 Forbidden")]);

        condition.Status.Should().Be(ConditionStatus.False);
        condition.Reason.Should().Be(ConditionReasons.IssuanceFailed);
        condition.Message.Should().Be("Secret shop/mesh-workload-reviews could not be written (500 InternalError: admission webhook \"x\" denied the request); "
            + "its current certificate stays valid until 2026-11-26T12:00:00Z, when it expires unless a write succeeds (1 more failed: mesh-workload-ratings).");
    }

    [Fact]
    public void A_refused_first_issuance_says_there_is_no_certificate_yet()
    {
        WorkloadCertificateFailure.Evaluate([(Request("reviews"), null, "403 Forbidden")]).Message
            .Should().Be("Secret shop/mesh-workload-reviews could not be written (403 Forbidden); the workload has no usable certificate yet.");
    }

    [Fact]
    public void No_failure_is_a_caller_error()
    {
        var act = () => WorkloadCertificateFailure.Evaluate([]);
        act.Should().Throw<ArgumentException>();
    }
}
