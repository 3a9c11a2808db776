using Mesh.Operator.Entities;
using Mesh.Operator.Planning;
using Mesh.Testing;

namespace Mesh.Operator.Tests.Planning;

public sealed class MeshPlannerTests
{
    private static MeshPlan PlanCase(string name)
    {
        var objects = PlanInput.LoadObjects(RepoPaths.Of("tests", "Operator.Tests", "Planning", "testdata", name, "input.yaml"));
        var policy = objects.OfType<MeshPolicy>().First();
        return MeshPlanner.Plan(policy, PlanInput.StateOf(objects, policy.Metadata.NamespaceProperty));
    }

    [Fact]
    public void Reports_every_missing_reference_with_its_field_at_once()
    {
        var plan = PlanCase("missing-references");

        plan.IsAccepted.Should().BeFalse();
        plan.Errors.Select(p => p.Field).Should().BeEquivalentTo(
            "spec.services[0].name",
            "spec.services[1].ports[0].port",
            "spec.services[1].routes[0].match.path.regex",
            "spec.services[1].routes[0].backends[0].service",
            "spec.services[1].routes[1].match.headers[0].regex",
            "spec.services[1].routes[1].backends[0].port");
    }

    [Fact]
    public void The_older_policy_keeps_a_contested_service_and_the_newer_names_it()
    {
        var plan = PlanCase("conflict");

        plan.IsAccepted.Should().BeFalse();
        var conflict = plan.Errors.Should().ContainSingle().Subject;
        conflict.Reason.Should().Be(ConditionReasons.Conflict);
        conflict.Field.Should().Be("spec.services[0].name");
        conflict.Message.Should().Contain("\"first\"");
        plan.Services.Select(s => s.Name).Should().Equal("details");
    }

    [Fact]
    public void A_pod_both_policies_select_is_governed_by_the_older_one_only()
    {
        var objects = PlanInput.LoadObjects(RepoPaths.Of("tests", "Operator.Tests", "Planning", "testdata", "conflict", "input.yaml")).ToList();
        objects.Add(new k8s.Models.V1Pod
        {
            Metadata = new k8s.Models.V1ObjectMeta { Name = "reviews-1", NamespaceProperty = "shop", Labels = new Dictionary<string, string> { ["app"] = "reviews" } },
            Status = new k8s.Models.V1PodStatus { PodIP = "10.0.0.1", Phase = "Running" },
        });
        var state = PlanInput.StateOf(objects, "shop");
        var newer = objects.OfType<MeshPolicy>().Single(p => p.Metadata.Name == "second");
        var older = objects.OfType<MeshPolicy>().Single(p => p.Metadata.Name == "first");

        MeshPlanner.Plan(older, state).SelectedPods.Should().Equal("reviews-1");
        var lost = MeshPlanner.Plan(newer, state);
        lost.SelectedPods.Should().BeEmpty("the older policy's sidecar runs in the pod, so the newer one issues it no identity");
        lost.Identities.Should().BeEmpty();
    }

    [Fact]
    public void Warnings_do_not_refuse_the_policy()
    {
        var plan = PlanCase("warnings");

        plan.IsAccepted.Should().BeTrue();
        plan.Warnings.Select(w => w.Field).Should().BeEquivalentTo(
            "spec.services[0].subsets[1]", "spec.services[0].ports", "spec.services[0].routes");
    }

    [Fact]
    public void An_egress_entry_naming_a_missing_service_of_the_namespace_is_a_warning_that_names_it()
    {
        var plan = PlanCase("egress-services");

        plan.IsAccepted.Should().BeTrue("the Service may be applied later");
        plan.Warnings.Should().ContainSingle().Which.Should().Match<PlanProblem>(w =>
            w.Field == "spec.egress.services[1]" && w.Message.Contains("\"ratings\"") && w.Message.Contains("namespace \"shop\""));
        plan.Egress.Services.Should().Contain("shop/ratings", "the entry is still honoured: the Service may appear");
    }

    [Fact]
    public void The_egress_warning_clears_once_the_service_exists()
    {
        var objects = PlanInput.LoadObjects(RepoPaths.Of("tests", "Operator.Tests", "Planning", "testdata", "egress-services", "input.yaml")).ToList();
        objects.Add(new k8s.Models.V1Service
        {
            Metadata = new k8s.Models.V1ObjectMeta { Name = "ratings", NamespaceProperty = "shop" },
            Spec = new k8s.Models.V1ServiceSpec { Ports = [new k8s.Models.V1ServicePort { Name = "http", Port = 9080 }] },
        });
        var policy = objects.OfType<MeshPolicy>().First();

        var plan = MeshPlanner.Plan(policy, PlanInput.StateOf(objects, "shop"));

        plan.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void An_egress_entry_naming_a_missing_service_of_another_namespace_is_a_warning_once_the_gatherer_looked_it_up()
    {
        var objects = PlanInput.LoadObjects(RepoPaths.Of("tests", "Operator.Tests", "Planning", "testdata", "egress-services", "input.yaml")).ToList();
        var policy = objects.OfType<MeshPolicy>().First();
        var state = PlanInput.StateOf(objects, "shop");

        var none = MeshPlanner.Plan(policy, state with { ServicesNamedElsewhere = new HashSet<string>() });
        var found = MeshPlanner.Plan(policy, state with { ServicesNamedElsewhere = new HashSet<string> { "payments/ledger" } });

        none.IsAccepted.Should().BeTrue();
        none.Warnings.Select(w => w.Field).Should().Equal("spec.egress.services[1]", "spec.egress.services[3]");
        var ledger = none.Warnings.Last();
        ledger.Message.Should().Be(
            "Service \"ledger\" does not exist in namespace \"payments\": no sidecar is configured for it until it does; create it or fix the entry.");
        ledger.Reason.Should().Be(ConditionReasons.ReferenceNotFound);
        found.Warnings.Select(w => w.Field).Should().Equal(["spec.egress.services[1]"], "ledger exists in payments");
    }

    [Fact]
    public void A_subset_that_selects_no_pod_of_a_service_with_a_selector_is_still_a_warning()
    {
        var plan = PlanCase("warnings");

        var warning = plan.Warnings.Should().ContainSingle(w => w.Field == "spec.services[0].subsets[1]").Subject;
        warning.Message.Should().StartWith("subset \"v3\" selects no pod of Service \"reviews\" (version=v3)");
        warning.Reason.Should().Be(ConditionReasons.ReferenceNotFound);
    }

    [Fact]
    public void Subsets_of_a_selectorless_service_whose_endpoints_name_no_pod_get_one_warning_and_no_selects_no_pod()
    {
        var plan = PlanCase("selectorless-subsets");

        plan.IsAccepted.Should().BeTrue();
        var legacy = plan.Warnings.Where(w => w.Field.StartsWith("spec.services[0]", StringComparison.Ordinal)).ToList();
        var warning = legacy.Should().ContainSingle().Subject;
        warning.Field.Should().Be("spec.services[0].subsets");
        warning.Reason.Should().Be(ConditionReasons.Valid);
        warning.Message.Should().Contain("has no selector").And.Contain("(primary, replica)").And.NotContain("selects no pod");
        plan.Services.Single(s => s.Name == "legacy-db").Endpoints.Should().HaveCount(2, "the hand-made endpoints still serve the Service");
    }

    [Fact]
    public void Subsets_of_a_selectorless_service_are_checked_against_the_pods_its_endpoints_name()
    {
        var plan = PlanCase("selectorless-subsets");

        var ledger = plan.Warnings.Where(w => w.Field.StartsWith("spec.services[1]", StringComparison.Ordinal)).ToList();
        var warning = ledger.Should().ContainSingle().Subject;
        warning.Field.Should().Be("spec.services[1].subsets[1]");
        warning.Message.Should().Contain("\"v2\" selects no pod named by the endpoints of Service \"ledger\" (version=v2)");
        plan.Warnings.Should().NotContain(w => w.Field.StartsWith("spec.services[2]", StringComparison.Ordinal), "a Service without subsets has nothing to check");
        plan.Services.Single(s => s.Name == "ledger").ServiceAccounts.Should().Equal(["default"],
            "without a selector, the identities a client expects come from the pods the endpoints name");
    }

    [Fact]
    public void Only_ready_endpoints_are_used_and_identities_come_from_selected_pods()
    {
        var plan = PlanCase("traffic");

        plan.IsAccepted.Should().BeTrue();
        plan.Services.Single().Endpoints.Select(e => e.Address).Should().Equal("10.1.0.1", "10.1.0.2");
        plan.Identities.Select(i => i.SpiffeId(plan.TrustDomain)).Should().Equal("spiffe://example.org/ns/shop/sa/reviews");
        plan.SelectedPods.Should().NotContain("outsider");
    }

    [Fact]
    public void Only_selected_pods_the_injector_labelled_are_reached_over_mtls_and_the_service_carries_its_trust_domain()
    {
        var plan = PlanCase("traffic");

        var service = plan.Services.Single();
        service.Endpoints.Select(e => (e.Address, e.Meshed)).Should().Equal(("10.1.0.1", true), ("10.1.0.2", false));
        service.TrustDomain.Should().Be("example.org");
        service.ServiceAccounts.Should().Equal("reviews");
        plan.Mtls.Should().Be(Mesh.XdsServer.Model.MtlsMode.Strict);
    }

    [Theory]
    [InlineData("^/api/v[0-9]+$", null)]
    [InlineData("(?i)abc", null)]
    [InlineData("^/(?=admin)", "lookahead")]
    [InlineData("(?<!x)y", "lookahead or lookbehind")]
    [InlineData("(a)\\1", "backreference")]
    [InlineData("a++", "possessive")]
    [InlineData("(?>a)", "atomic")]
    [InlineData("[", "not a valid regular expression")]
    public void Regexes_are_checked_against_what_RE2_supports(string regex, string? error)
    {
        var result = Re2Syntax.Check(regex);
        if (error is null)
        {
            result.Should().BeNull();
        }
        else
        {
            result.Should().Contain(error);
        }
    }
}
