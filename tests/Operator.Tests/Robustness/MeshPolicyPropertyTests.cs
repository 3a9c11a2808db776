using CsCheck;
using Mesh.Operator.Tests.Planning;
using Xunit.Abstractions;

namespace Mesh.Operator.Tests.Robustness;

/// <summary>
/// Property tests over generated MeshPolicies (<see cref="MeshPolicyGen"/>), bounded so that they take seconds: any
/// policy the CRD admits is planned without an exception, and when accepted translates, for the proxyless scope and
/// every selected pod's sidecar, to resources that pass the envoy validate rules and the snapshot checks; the same
/// input always gives the same bytes. A failure prints the shrunk policy and CsCheck's seed (set CsCheck_Seed to
/// replay it); each one found became a fix and a regression case in PolicyRegressionTests.
/// </summary>
public sealed class MeshPolicyPropertyTests(ITestOutputHelper output)
{
    private const int Iterations = 400;

    [Fact]
    public void Every_admitted_policy_plans_and_an_accepted_one_translates_to_valid_resources()
    {
        var admitted = 0;
        var accepted = 0;
        MeshPolicyGen.Policy.Sample(policy =>
        {
            var outcome = PolicyPipeline.Run(policy.DeepClone().AsObject());
            if (!outcome.Admitted)
            {
                return;
            }

            Interlocked.Increment(ref admitted);
            if (outcome.Plan!.IsAccepted)
            {
                Interlocked.Increment(ref accepted);
                outcome.Translations.Should().NotBeEmpty();
                outcome.Errors.Should().BeEmpty("an accepted plan must translate to resources Envoy accepts");
            }
        }, iter: Iterations, print: p => p.ToJsonString());

        output.WriteLine($"{Iterations} policies: {admitted} admitted, {accepted} accepted");
        admitted.Should().BeGreaterThan(Iterations / 10, "the generator must reach the planner often enough to mean something");
        accepted.Should().BeGreaterThan(Iterations / 20, "and the translator too");
    }

    [Fact]
    public void Planning_and_translating_the_same_policy_twice_gives_the_same_bytes()
    {
        MeshPolicyGen.Policy.Sample(policy =>
        {
            var first = PolicyPipeline.Run(policy.DeepClone().AsObject());
            var second = PolicyPipeline.Run(policy.DeepClone().AsObject());

            second.Admitted.Should().Be(first.Admitted);
            if (first.Plan is not null)
            {
                PlanJson.Serialize(second.Plan!).Should().Be(PlanJson.Serialize(first.Plan));
                PolicyPipeline.Bytes(second).Should().Equal(PolicyPipeline.Bytes(first));
            }
        }, iter: Iterations / 4, print: p => p.ToJsonString());
    }

    [Fact]
    public void The_generator_produces_policies_the_crd_refuses_too()
    {
        // Edge values are the point: a generator whose every output is admitted tests nothing at the boundary.
        var refused = 0;
        var reasons = new System.Collections.Concurrent.ConcurrentBag<string>();
        MeshPolicyGen.Policy.Sample(policy =>
        {
            var outcome = PolicyPipeline.Run(policy.DeepClone().AsObject());
            if (!outcome.Admitted)
            {
                Interlocked.Increment(ref refused);
                reasons.Add(System.Text.RegularExpressions.Regex.Replace(outcome.AdmissionErrors[0], @"\[\d+\]", "[]"));
            }
        }, iter: 100);

        foreach (var reason in reasons.GroupBy(r => r.Length > 120 ? r[..120] : r).OrderByDescending(g => g.Count()).Take(15))
        {
            output.WriteLine($"{reason.Count(),3} {reason.Key}");
        }

        refused.Should().BeGreaterThan(0);
    }
}
