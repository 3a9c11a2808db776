using Envoy.Config.Cluster.V3;
using Envoy.Service.Discovery.V3;
using Mesh.XdsServer.Server;
using Mesh.XdsServer.Snapshots;

namespace Mesh.XdsServer.Tests.Server;

public sealed class DeltaTypeStateTests
{
    private readonly ResourceCache _cache = new();

    [Fact]
    public void Initial_resource_versions_send_only_what_differs_and_remove_what_is_gone()
    {
        var resources = Clusters(("a", 1), ("b", 1), ("c", 1));
        var state = Wildcard(new Dictionary<string, string> { ["a"] = resources.Find("a")!.Version, ["b"] = "stale", ["gone"] = "x" });

        var (updated, removed) = Sync(state, resources);

        updated.Should().Equal("b", "c");
        removed.Should().Equal("gone");
        state.ClientVersions.Baseline.Should().BeSameAs(resources);
        state.ClientVersions.OverlayCount.Should().Be(0);
    }

    [Fact]
    public void A_synced_wildcard_stream_keeps_a_reference_to_the_resources_and_no_copy_of_their_names()
    {
        var resources = Clusters(Enumerable.Range(0, 9000).Select(i => ("svc-" + i, 1)).ToArray());
        var state = Wildcard();

        Sync(state, resources).Updated.Should().HaveCount(9000);

        state.ClientVersions.Baseline.Should().BeSameAs(resources);
        state.ClientVersions.OverlayCount.Should().Be(0, "a full sync holds nothing beyond the snapshot's own index");
        state.ClientVersions.Count.Should().Be(9000);
        SyncText(state, resources).Should().Be(" | ");
    }

    [Fact]
    public void An_update_of_one_resource_sends_only_it_and_moves_the_baseline()
    {
        var first = Clusters(("a", 1), ("b", 1));
        var second = Clusters(("a", 2), ("b", 1));
        var state = Wildcard();
        Sync(state, first);

        SyncText(state, second).Should().Be("a | ");

        state.ClientVersions.Baseline.Should().BeSameAs(second);
        state.ClientVersions.OverlayCount.Should().Be(0);
        state.ClientVersions.TryGetValue("a", out var held).Should().BeTrue();
        held.Should().Be(second.Find("a")!.Version);
    }

    [Fact]
    public void A_removed_resource_is_sent_as_removed_once()
    {
        var state = Wildcard();
        Sync(state, Clusters(("a", 1), ("b", 1)));
        var after = Clusters(("a", 1));

        SyncText(state, after).Should().Be(" | b");

        state.ClientVersions.Contains("b").Should().BeFalse();
        SyncText(state, after).Should().Be(" | ");
    }

    [Fact]
    public void An_unsubscribed_name_is_forgotten_without_a_removal_and_resent_on_resubscribe()
    {
        var resources = Clusters(("a", 1), ("b", 1), ("c", 1));
        var state = new DeltaTypeState(TypeUrls.Cluster);
        state.UpdateSubscription(Request(subscribe: ["a", "b", "c"]));
        Sync(state, resources);
        state.ClientVersions.Baseline.Should().BeSameAs(state.ComputeView(resources).Held, "the proxy holds its view: the view's shared index is the baseline");
        state.ClientVersions.OverlayCount.Should().Be(0);

        state.UpdateSubscription(Request(unsubscribe: ["b"])).Should().BeTrue();

        state.ClientVersions.Contains("b").Should().BeFalse();
        SyncText(state, resources).Should().Be(" | ");
        state.UpdateSubscription(Request(subscribe: ["b"])).Should().BeTrue();
        SyncText(state, resources).Should().Be("b | ");
    }

    [Fact]
    public void A_stream_synced_to_a_view_of_part_of_the_resources_points_at_that_view()
    {
        var names = Enumerable.Range(0, 100).Select(i => "n" + i).ToArray();
        var first = Clusters(names.Select(n => (n, 1)).ToArray());
        var state = new DeltaTypeState(TypeUrls.Cluster);
        state.UpdateSubscription(Request(subscribe: names));
        Sync(state, first);
        state.ClientVersions.Baseline.Should().BeSameAs(state.ComputeView(first).Held);

        // 80 changed plus one name nobody subscribed: the proxy holds the view of the new resources, not all of them.
        var second = Clusters(names.Select((n, i) => (n, i < 80 ? 2 : 1)).Append(("unsubscribed", 1)).ToArray());
        Sync(state, second).Updated.Should().HaveCount(80);

        state.ClientVersions.Baseline.Should().BeSameAs(state.ComputeView(second).Held);
        state.ClientVersions.OverlayCount.Should().Be(0, "the view's index is exactly what the proxy holds");
        state.ClientVersions.Contains("unsubscribed").Should().BeFalse();
        state.ClientVersions.Count.Should().Be(100);
        SyncText(state, second).Should().Be(" | ");
    }

    [Fact]
    public void Unsubscribing_most_names_drops_the_baseline_for_a_plain_map()
    {
        var names = Enumerable.Range(0, 100).Select(i => "n" + i).ToArray();
        var resources = Clusters(names.Select(n => (n, 1)).ToArray());
        var state = new DeltaTypeState(TypeUrls.Cluster);
        state.UpdateSubscription(Request(subscribe: names));
        Sync(state, resources);

        state.UpdateSubscription(Request(unsubscribe: names[10..]));

        state.ClientVersions.Baseline.Should().BeNull();
        state.ClientVersions.Names.Should().BeEquivalentTo(names[..10]);
        SyncText(state, resources).Should().Be(" | ");
    }

    [Fact]
    public void Held_versions_match_a_plain_dictionary_under_random_changes_and_rebases()
    {
        var random = new Random(15);
        var generations = Enumerable.Range(0, 4)
            .Select(g => Clusters(Enumerable.Range(0, 60).Where(_ => random.Next(5) > 0).Select(i => ("n" + i, random.Next(3))).ToArray()))
            .ToArray();
        var held = new HeldVersions();
        var reference = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var step = 0; step < 3000; step++)
        {
            var name = "n" + random.Next(70);
            switch (random.Next(10))
            {
                case < 5:
                    var version = "v" + random.Next(3);
                    held.Set(name, version);
                    reference[name] = version;
                    break;
                case < 8:
                    held.Remove(name).Should().Be(reference.Remove(name));
                    break;
                case 8:
                    held.Compact(generations[random.Next(generations.Length)]);
                    break;
                default:
                    var synced = generations[random.Next(generations.Length)];
                    held.SyncedTo(synced);
                    reference = synced.Ordered.ToDictionary(r => r.Name, r => r.Version, StringComparer.Ordinal);
                    break;
            }

            held.Count.Should().Be(reference.Count);
            held.Names.Should().BeEquivalentTo(reference.Keys);
            foreach (var (key, value) in reference)
            {
                held.TryGetValue(key, out var got).Should().BeTrue();
                got.Should().Be(value);
            }
        }
    }

    [Fact]
    public void Diffs_match_a_plain_model_of_what_the_proxy_holds_across_changes_and_subscriptions()
    {
        // The synced fast path (one shared walk per pair of views) and the per-name path must answer alike: a model of
        // the proxy's names and versions, updated with what each diff sends, must always equal what it should hold.
        var random = new Random(42);
        var generations = Enumerable.Range(0, 6)
            .Select(_ => Clusters(Enumerable.Range(0, 40).Where(_ => random.Next(6) > 0).Select(i => ("n" + i, random.Next(2))).ToArray()))
            .ToArray();
        foreach (var wildcard in new[] { true, false })
        {
            var state = wildcard ? Wildcard() : new DeltaTypeState(TypeUrls.Cluster);
            var subscribed = new HashSet<string>(StringComparer.Ordinal);
            if (!wildcard)
            {
                // A first request naming nothing would be a wildcard subscription (envoy xds_protocol.rst).
                string[] first = ["n0", "n1", "n2", "n41"];
                state.UpdateSubscription(Request(subscribe: first));
                subscribed.UnionWith(first);
            }

            var model = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var step = 0; step < 400; step++)
            {
                if (!wildcard && random.Next(4) == 0)
                {
                    var names = Enumerable.Range(0, 3).Select(_ => "n" + random.Next(45)).Distinct().ToArray();
                    var unsubscribe = random.Next(2) == 0;
                    state.UpdateSubscription(unsubscribe ? Request(unsubscribe: names) : Request(subscribe: names));
                    foreach (var name in names)
                    {
                        if (unsubscribe)
                        {
                            subscribed.Remove(name);
                            model.Remove(name);
                        }
                        else
                        {
                            subscribed.Add(name);
                        }
                    }
                }

                var resources = generations[random.Next(generations.Length)];
                var view = state.ComputeView(resources);
                var (updated, removed) = state.Diff(resources, view);
                state.Applied(updated, removed);
                foreach (var resource in updated)
                {
                    model[resource.Name] = resource.Version;
                }

                foreach (var name in removed)
                {
                    model.Remove(name);
                }

                var expected = resources.Ordered.Where(r => wildcard || subscribed.Contains(r.Name)).ToDictionary(r => r.Name, r => r.Version, StringComparer.Ordinal);
                model.Should().BeEquivalentTo(expected, $"step {step} ({(wildcard ? "wildcard" : "by name")})");
                removed.Should().BeInAscendingOrder(StringComparer.Ordinal);
            }
        }
    }

    [Fact]
    public void A_types_current_labels_follow_new_label_values_for_the_very_same_view()
    {
        const string Policy = "mesh.dev/policy-shop.p";
        var state = Wildcard();
        var first = Snapshot.Create([new Cluster { Name = "a" }], new Dictionary<string, string> { [Policy] = "1" }, _cache,
            owners: new Dictionary<string, string> { ["a"] = Policy });
        var labels = state.ToStatus(first).CurrentLabels;
        labels.Should().Equal(new Dictionary<string, string> { [Policy] = "1" });
        state.ToStatus(first).CurrentLabels.Should().BeSameAs(labels, "the same view of the same snapshot: the labels already worked out");

        // A new generation keeps the resources (the same view list) and moves the label's value.
        var next = first.WithLabelValues(new Dictionary<string, string> { [Policy] = "2" })!;
        next.Get(TypeUrls.Cluster).Should().BeSameAs(first.Get(TypeUrls.Cluster));

        state.ToStatus(next).CurrentLabels.Should().Equal(new Dictionary<string, string> { [Policy] = "2" });
    }

    private static DeltaTypeState Wildcard(Dictionary<string, string>? initial = null)
    {
        var state = new DeltaTypeState(TypeUrls.Cluster);
        var request = new DeltaDiscoveryRequest { TypeUrl = TypeUrls.Cluster };
        if (initial is not null)
        {
            request.InitialResourceVersions.Add(initial);
        }

        state.UpdateSubscription(request).Should().BeTrue();
        state.Wildcard.Should().BeTrue();
        return state;
    }

    private static DeltaDiscoveryRequest Request(string[]? subscribe = null, string[]? unsubscribe = null)
    {
        var request = new DeltaDiscoveryRequest { TypeUrl = TypeUrls.Cluster };
        request.ResourceNamesSubscribe.Add(subscribe ?? []);
        request.ResourceNamesUnsubscribe.Add(unsubscribe ?? []);
        return request;
    }

    private static (string[] Updated, string[] Removed) Sync(DeltaTypeState state, TypeResources resources)
    {
        var (updated, removed) = state.Diff(resources, state.ComputeView(resources));
        state.Applied(updated, removed);
        return (updated.Select(r => r.Name).ToArray(), removed.ToArray());
    }

    private static string SyncText(DeltaTypeState state, TypeResources resources)
    {
        var (updated, removed) = Sync(state, resources);
        return string.Join(",", updated) + " | " + string.Join(",", removed);
    }

    private TypeResources Clusters(params (string Name, int Timeout)[] clusters) =>
        new(TypeUrls.Cluster, clusters.Select(c => _cache.GetOrAdd(new Cluster
        {
            Name = c.Name,
            ConnectTimeout = new Google.Protobuf.WellKnownTypes.Duration { Seconds = c.Timeout },
        })));
}
