using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.Local;
using Mesh.Operator.Reconciliation;
using Mesh.Operator.Runtime;
using Mesh.Operator.Tests.Planning;
using Mesh.Testing;

namespace Mesh.Operator.Tests.Reconciliation;

/// <summary>
/// Gather and plan are reused while nothing they read has changed (a proxy-woken reconcile), and done again after any
/// change to the policy or to an object of its namespace, whatever event then wakes the reconcile.
/// </summary>
public sealed class PlanMemoTests
{
    private const string Ns = "shop";

    private readonly ObjectCache<MeshPolicy> _policies = new();
    private readonly ObjectCache<V1Service> _services = new();
    private readonly ObjectCache<V1EndpointSlice> _slices = new();
    private readonly ObjectCache<V1Pod> _pods = new();
    private readonly ObjectCache<PartialObjectMetadata> _nodes = new();
    private readonly ObjectCache<V1NetworkPolicy> _networkPolicies = new();
    private readonly PlanMemo _memo;

    public PlanMemoTests()
    {
        var objects = Directory.GetFiles(RepoPaths.Of("config", "samples", "shop"), "*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(PlanInput.LoadObjects).ToList();
        var simulated = WorkloadSimulator.Simulate(objects.OfType<V1Deployment>(), objects.OfType<V1Job>(), objects.OfType<V1Service>());
        objects.OfType<MeshPolicy>().ToList().ForEach(p => _policies.Upsert(p));
        objects.OfType<V1Service>().ToList().ForEach(s => _services.Upsert(s));
        foreach (var pod in simulated.Pods)
        {
            _pods.Upsert(pod);
        }
        foreach (var slice in simulated.EndpointSlices)
        {
            _slices.Upsert(slice);
        }
        _memo = new PlanMemo(new NamespaceGatherer(_policies, _services, _slices, _pods, _nodes, _networkPolicies));
    }

    private ObjectKey Key => ObjectKey.Of(_policies.ListByNamespace(Ns).Single());

    private Planned Plan() => _memo.Plan(Key, _policies.Get(Key)!);

    [Fact]
    public void Nothing_changed_hands_back_the_same_plan_and_published_config()
    {
        var first = Plan();

        var second = Plan();

        second.Should().BeSameAs(first);
        first.Plan.IsAccepted.Should().BeTrue("the shop sample is valid");
        first.Published.Should().NotBeNull();
    }

    [Fact]
    public void An_endpoint_change_in_the_namespace_plans_again_with_it()
    {
        var first = Plan();
        var slice = _slices.ListByNamespace(Ns).First();
        var moved = CloneWithAddress(slice, "10.9.9.9");

        _slices.Upsert(moved);
        var second = Plan();

        second.Should().NotBeSameAs(first);
        second.Published!.Services.SelectMany(s => s.Endpoints).Select(e => e.Address).Should().Contain("10.9.9.9");
    }

    [Fact]
    public void A_service_of_another_namespace_named_in_egress_services_plans_again_when_it_comes()
    {
        var policy = _policies.ListByNamespace(Ns).Single();
        _policies.Upsert(new MeshPolicy
        {
            Metadata = policy.Metadata,
            Spec = policy.Spec with { Egress = new EgressSpec { Services = ["./*", "payments/ledger"] } },
        });
        var missing = Plan();
        missing.Plan.Warnings.Should().ContainSingle(w => w.Field == "spec.egress.services[1]")
            .Which.Message.Should().Contain("namespace \"payments\"");
        _services.Upsert(new V1Service { Metadata = new V1ObjectMeta { Name = "unrelated", NamespaceProperty = "payments" } });
        var unrelated = Plan();

        _services.Upsert(new V1Service { Metadata = new V1ObjectMeta { Name = "ledger", NamespaceProperty = "payments" } });
        var found = Plan();

        unrelated.Should().NotBeSameAs(missing, "a Service of a named namespace may be the one named: gathered again");
        unrelated.Plan.Warnings.Should().Contain(w => w.Field == "spec.egress.services[1]");
        found.Should().NotBeSameAs(unrelated);
        found.Plan.Warnings.Should().NotContain(w => w.Field == "spec.egress.services[1]");
        Plan().Should().BeSameAs(found, "nothing changed since");
    }

    [Fact]
    public void A_change_in_another_namespace_keeps_the_plan()
    {
        var first = Plan();

        _slices.Upsert(new V1EndpointSlice { Metadata = new V1ObjectMeta { Name = "elsewhere", NamespaceProperty = "other" }, AddressType = "IPv4" });
        _pods.Upsert(new V1Pod { Metadata = new V1ObjectMeta { Name = "elsewhere", NamespaceProperty = "other" } });

        Plan().Should().BeSameAs(first);
    }

    [Fact]
    public void Each_cache_the_gather_reads_invalidates_the_plan()
    {
        var plans = new List<Planned> { Plan() };
        Action[] changes =
        [
            () => _services.Upsert(_services.ListByNamespace(Ns).First()),
            () => _pods.Upsert(_pods.ListByNamespace(Ns).First()),
            () => _slices.Remove(ObjectKey.Of(_slices.ListByNamespace(Ns).First())),
            () => _networkPolicies.Upsert(new V1NetworkPolicy { Metadata = new V1ObjectMeta { Name = "user", NamespaceProperty = Ns } }),
            () => _nodes.Upsert(new PartialObjectMetadata { Metadata = new V1ObjectMeta { Name = "node-1" } }),
            () => _policies.Upsert(_policies.Get(Key)!),
        ];
        foreach (var change in changes)
        {
            change();
            var next = Plan();
            plans.Should().NotContain(next, "a plan is reused only while nothing it read changed");
            plans.Add(next);
        }
    }

    [Fact]
    public void A_replaced_policy_object_plans_again_even_when_the_counters_were_read_after_it()
    {
        var first = Plan();
        var policy = _policies.Get(Key)!;
        var edited = new MeshPolicy { ApiVersion = policy.ApiVersion, Kind = policy.Kind, Metadata = policy.Metadata, Spec = policy.Spec };

        // The caller read the policy before this replacement was stored: the stored entry names the older object.
        _memo.Plan(Key, edited).Should().NotBeSameAs(first);
        _memo.Plan(Key, policy).Should().NotBeSameAs(first, "the entry now belongs to the other object");
    }

    [Fact]
    public void Forget_drops_the_entry()
    {
        var first = Plan();

        _memo.Forget(Key);

        Plan().Should().NotBeSameAs(first);
    }

    private static V1EndpointSlice CloneWithAddress(V1EndpointSlice slice, string address) => new()
    {
        ApiVersion = slice.ApiVersion,
        Kind = slice.Kind,
        Metadata = slice.Metadata,
        AddressType = slice.AddressType,
        Ports = slice.Ports,
        Endpoints = [.. slice.Endpoints.Skip(1), new V1Endpoint { Addresses = [address], Conditions = new V1EndpointConditions { Ready = true } }],
    };
}
