using Mesh.Operator.Entities;
using Mesh.Operator.Planning;
using Mesh.Testing;
using Model = Mesh.XdsServer.Model;

namespace Mesh.Operator.Tests.Planning;

public sealed class EnforcementPlannerTests
{
    private static (MeshPolicy Policy, NamespaceState State) Load(string name)
    {
        var objects = PlanInput.LoadObjects(RepoPaths.Of("tests", "Operator.Tests", "Planning", "testdata", name, "input.yaml"));
        var policy = objects.OfType<MeshPolicy>().First();
        return (policy, PlanInput.StateOf(objects, policy.Metadata.NamespaceProperty));
    }

    [Fact]
    public void Every_field_a_proxyless_pod_cannot_honour_is_named_with_the_pod_and_the_policy_stays_accepted()
    {
        var (policy, state) = Load("enforcement");
        var plan = MeshPlanner.Plan(policy, state);

        plan.IsAccepted.Should().BeTrue();
        plan.Warnings.Select(w => w.Field).Should().BeEquivalentTo(
            "spec.observability.accessLog",
            "spec.observability.tracing",
            "spec.observability.metrics",
            "spec.egress.services",
            "spec.services[3].rateLimit",
            "spec.services[3].authorization.action",
            "spec.services[2].authorization.rules[0].to[0]");
        plan.Warnings.Where(w => !w.Field.Contains("rules", StringComparison.Ordinal)).Should().OnlyContain(w => w.Message.Contains("greeter-a", StringComparison.Ordinal));
    }

    [Fact]
    public void Client_side_fields_proxyless_grpc_cannot_honour_are_named_with_the_pod()
    {
        var (policy, state) = Load("proxyless-clients");
        var plan = MeshPlanner.Plan(policy, state);

        plan.IsAccepted.Should().BeTrue();
        plan.Warnings.Select(w => w.Field).Should().BeEquivalentTo(
            "spec.services[0].routes[0].mirror",
            "spec.services[0].routes[1].retries.perTryTimeout",
            "spec.services[0].loadBalancing.algorithm",
            "spec.services[1].loadBalancing.hashOn");
        plan.Warnings.Should().OnlyContain(w => w.Message.Contains("frontend-a", StringComparison.Ordinal));
        plan.Warnings.Single(w => w.Field.EndsWith("algorithm", StringComparison.Ordinal)).Message.Should().Contain("Maglev").And.Contain("round robin");
    }

    [Fact]
    public void Client_side_fields_are_not_named_without_proxyless_pods()
    {
        var (policy, state) = Load("proxyless-clients");
        var sidecarsOnly = state with { Pods = state.Pods.Where(p => p.Metadata.Name != "frontend-a").ToList() };

        MeshPlanner.Plan(policy, sidecarsOnly).Warnings.Should().BeEmpty();
    }

    [Fact]
    public void Without_proxyless_pods_only_the_tcp_condition_is_named()
    {
        var (policy, state) = Load("enforcement");
        var sidecarsOnly = state with { Pods = state.Pods.Where(p => p.Metadata.Name != "greeter-a").ToList() };

        MeshPlanner.Plan(policy, sidecarsOnly).Warnings.Select(w => w.Field)
            .Should().Equal("spec.services[2].authorization.rules[0].to[0]");
    }

    [Fact]
    public void The_model_carries_default_authorization_tcp_egress_and_telemetry()
    {
        var (policy, state) = Load("enforcement");
        var plan = MeshPlanner.Plan(policy, state);

        plan.Services.Should().OnlyContain(s => s.DefaultAuthorization == Model.DefaultAuthorization.AllowSameNamespace);
        plan.Egress.Hosts.Single(h => h.Host == "db.example.com").Protocol.Should().Be(Model.EgressProtocol.Tcp);
        plan.Observability.AccessLog.Should().Be(Model.AccessLogFormat.Text);
        plan.Observability.Tracing.Should().Be(new Model.TracingPolicy { Host = "zipkin.observability", Port = 9411, SamplingPercent = 2.5 });
    }

    [Theory]
    [InlineData("zipkin:99999")]
    [InlineData("zipkin:0")]
    public void A_tracing_endpoint_with_an_impossible_port_leaves_tracing_off_and_says_so(string endpoint)
    {
        var (policy, state) = Load("enforcement");
        var observability = policy.Spec.Observability! with { Tracing = policy.Spec.Observability!.Tracing! with { Endpoint = endpoint } };
        var changed = new MeshPolicy { Metadata = policy.Metadata, Spec = policy.Spec with { Observability = observability } };

        var plan = MeshPlanner.Plan(changed, state);

        plan.Observability.Tracing.Should().BeNull();
        plan.Warnings.Should().Contain(w => w.Field == "spec.observability.tracing.endpoint" && w.Message.Contains(endpoint, StringComparison.Ordinal));
    }
}
