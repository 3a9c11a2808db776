using Mesh.Operator.Status;
using Mesh.Operator.Entities;
using Mesh.Operator.Publishing;
using Mesh.XdsServer.Status;

namespace Mesh.Operator.Tests.Status;

public sealed class ProgrammedEvaluatorTests
{
    private const string ClusterType = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
    private const string RouteType = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";
    private static readonly PublishedPolicy Published = new() { Namespace = "shop", Name = "shop", Generation = 3 };
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

    private static Dictionary<string, string> Labels(long generation) => new() { [Published.Label] = generation.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    private static Dictionary<string, string> OtherLabels(long generation) => new() { [PublishedPolicy.LabelFor("other", "other")] = generation.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    /// <summary>A proxy whose current labels are the union of its types' (as the stream reports them).</summary>
    private static ProxyStatus Proxy(string id, params TypeSyncStatus[] types) => new()
    {
        NodeId = id,
        Key = "proxyless",
        StreamId = id,
        ConnectedAt = Now,
        Types = types,
        CurrentLabels = types.SelectMany(t => t.CurrentLabels ?? new Dictionary<string, string>()).GroupBy(l => l.Key).ToDictionary(g => g.Key, g => g.First().Value),
    };

    /// <summary>A type ACKed at <paramref name="generation"/> whose current view carries <paramref name="current"/> (default the same).</summary>
    private static TypeSyncStatus Acked(string type, long generation, long? current = null) => new()
    {
        TypeUrl = type,
        State = current is null || current == generation ? SyncState.Synced : SyncState.Stale,
        AckedVersion = "v" + generation,
        AckedLabels = Labels(generation),
        CurrentLabels = Labels(current ?? generation),
    };

    [Fact]
    public void All_proxies_acking_the_generation_makes_it_programmed()
    {
        var state = ProgrammedEvaluator.Evaluate(Published, 3, true,
            [Proxy("a", Acked(ClusterType, 3), Acked(RouteType, 3)), Proxy("b", Acked(ClusterType, 3))], new Dictionary<string, string>());

        state.Status.Should().Be(ConditionStatus.True);
        state.Reason.Should().Be(ConditionReasons.AllProxiesAcked);
        state.Message.Should().Be("2/2 proxies ACKed generation 3.");
        state.Proxies.Should().Be(new ProxiesStatus { Connected = 2, Acked = 2, Nacked = 0 });
    }

    [Fact]
    public void A_proxy_still_on_an_older_generation_keeps_it_pending()
    {
        var state = ProgrammedEvaluator.Evaluate(Published, 3, true,
            [Proxy("a", Acked(ClusterType, 3)), Proxy("b", Acked(ClusterType, 3), Acked(RouteType, 2, current: 3))], new Dictionary<string, string>());

        state.Status.Should().Be(ConditionStatus.False);
        state.Reason.Should().Be(ConditionReasons.ProxiesPending);
        state.Pending.Should().BeTrue();
        state.Proxies.Acked.Should().Be(1);
    }

    [Fact]
    public void A_type_left_unchanged_by_the_generation_counts_as_acked_when_synced_with_the_current_snapshot()
    {
        // Routes did not change in generation 3, so they were not resent: their ACK still carries generation 2.
        var proxy = Proxy("a", Acked(ClusterType, 3), Acked(RouteType, 2) with { CurrentLabels = Labels(3) });

        var state = ProgrammedEvaluator.Evaluate(Published, 3, true, [proxy], new Dictionary<string, string>());

        state.Status.Should().Be(ConditionStatus.True);
        state.Proxies.Acked.Should().Be(1);
    }

    [Fact]
    public void A_nack_is_reported_with_the_proxy_error_and_the_spec_field()
    {
        var nacked = new TypeSyncStatus
        {
            TypeUrl = RouteType,
            State = SyncState.Nacked,
            AckedVersion = "v2",
            AckedLabels = Labels(2),
            LastNack = new NackInfo
            {
                RejectedVersion = "v3",
                AcceptedVersion = "v2",
                Nonce = "7",
                ErrorMessage = "RouteConfiguration 9080: invalid regex in outbound|9080|v2|reviews.shop.svc.cluster.local",
                At = Now,
                RejectedLabels = Labels(3),
            },
        };
        var fields = new Dictionary<string, string>
        {
            ["outbound|9080|v2|reviews.shop.svc.cluster.local"] = "spec.services[0].subsets[1]",
            ["9080"] = "spec.services[0]",
        };

        var state = ProgrammedEvaluator.Evaluate(Published, 3, true, [Proxy("client-1", nacked)], fields);

        state.Status.Should().Be(ConditionStatus.False);
        state.Reason.Should().Be(ConditionReasons.ProxyRejected);
        state.LastRejection!.Proxy.Should().Be("client-1");
        state.LastRejection.Type.Should().Be("RouteConfiguration");
        state.LastRejection.Field.Should().Be("spec.services[0].subsets[1]", "the longest resource name found in the error wins");
        state.Message.Should().Contain("from spec.services[0].subsets[1]").And.Contain("invalid regex");
    }

    [Fact]
    public void No_connected_proxy_is_programmed_with_its_own_reason()
    {
        var state = ProgrammedEvaluator.Evaluate(Published, 3, true, [], new Dictionary<string, string>());

        state.Status.Should().Be(ConditionStatus.True);
        state.Reason.Should().Be(ConditionReasons.NoProxies);
    }

    [Fact]
    public void A_policy_never_accepted_is_not_programmed()
    {
        var state = ProgrammedEvaluator.Evaluate(null, 1, false, [], new Dictionary<string, string>());

        state.Status.Should().Be(ConditionStatus.False);
        state.Reason.Should().Be(ConditionReasons.NotAccepted);
    }

    [Fact]
    public void A_refused_new_generation_reports_that_proxies_keep_the_old_one()
    {
        var state = ProgrammedEvaluator.Evaluate(Published, 4, false, [Proxy("a", Acked(ClusterType, 3))], new Dictionary<string, string>());

        state.Status.Should().Be(ConditionStatus.False);
        state.Message.Should().Contain("keep generation 3");
    }

    [Fact]
    public void A_proxy_that_receives_none_of_the_policys_resources_is_not_counted()
    {
        var other = Proxy("other-client", Acked(ClusterType, 3) with { AckedLabels = OtherLabels(1), CurrentLabels = OtherLabels(1) });

        var state = ProgrammedEvaluator.Evaluate(Published, 3, true, [other, Proxy("a", Acked(ClusterType, 3))], new Dictionary<string, string>());

        state.Status.Should().Be(ConditionStatus.True);
        state.Proxies.Should().Be(new ProxiesStatus { Connected = 1, Acked = 1, Nacked = 0 });
    }

    [Fact]
    public void A_nack_of_another_policys_resource_leaves_this_policy_untouched()
    {
        var nacked = Rejected(OtherLabels(1)) with { CurrentLabels = OtherLabels(1) };

        var state = ProgrammedEvaluator.Evaluate(Published, 3, true, [Proxy("client-1", nacked)], new Dictionary<string, string>());

        state.Status.Should().Be(ConditionStatus.True);
        state.Reason.Should().Be(ConditionReasons.NoProxies);
        state.Proxies.Connected.Should().Be(0);
    }

    [Fact]
    public void A_nack_followed_by_an_ack_of_a_newer_response_counts_as_acked()
    {
        // The NACK is kept for the record, but the type is Synced again: the proxy runs this generation.
        var recovered = Rejected(Labels(3)) with { State = SyncState.Synced, AckedLabels = Labels(3), CurrentLabels = Labels(3) };

        var state = ProgrammedEvaluator.Evaluate(Published, 3, true, [Proxy("client-1", recovered)], new Dictionary<string, string>());

        state.Status.Should().Be(ConditionStatus.True);
        state.Proxies.Should().Be(new ProxiesStatus { Connected = 1, Acked = 1, Nacked = 0 });
    }

    private static TypeSyncStatus Rejected(Dictionary<string, string> rejectedLabels) => new()
    {
        TypeUrl = ClusterType,
        State = SyncState.Nacked,
        LastNack = new NackInfo
        {
            RejectedVersion = "v3",
            AcceptedVersion = "",
            Nonce = "1",
            ErrorMessage = "bad cluster",
            At = Now,
            RejectedLabels = rejectedLabels,
        },
    };
}
