using System.Runtime.CompilerServices;
using Envoy.Config.Cluster.V3;
using Envoy.Service.Discovery.V3;
using FluentAssertions;
using Mesh.XdsServer.Server;
using Mesh.XdsServer.Snapshots;
using Xunit;

namespace Mesh.XdsServer.Tests.Server;

public sealed class SubscriptionTests
{
    private readonly ResourceCache _cache = new();

    [Fact]
    public void Equal_sets_of_names_are_one_shared_instance_whatever_their_order_and_repeats()
    {
        var unique = Guid.NewGuid().ToString("N");
        var a = Subscription.Of([$"b-{unique}", $"a-{unique}", $"b-{unique}"]);
        var b = Subscription.Of([$"a-{unique}", $"b-{unique}"]);

        b.Should().BeSameAs(a);
        a.Names.Should().Equal($"a-{unique}", $"b-{unique}");
        a.Contains($"a-{unique}").Should().BeTrue();
        a.Contains($"c-{unique}").Should().BeFalse();
        Subscription.Of([]).Should().BeSameAs(Subscription.Empty);
    }

    [Fact]
    public void A_list_of_names_is_exactly_a_subscription_when_it_names_the_same_set_whatever_its_order_and_wildcards()
    {
        var unique = Guid.NewGuid().ToString("N");
        var pool = Enumerable.Range(0, 4).Select(i => $"{(char)('a' + i)}-{unique}").Append("*").ToArray();
        var random = new Random(42);
        var exact = 0;
        for (var i = 0; i < 5_000; i++)
        {
            var subscription = Subscription.Of(pool[..4].Where(_ => random.Next(2) == 0));
            var names = Enumerable.Range(0, random.Next(6)).Select(_ => pool[random.Next(pool.Length)]).ToArray();

            var expected = Subscription.Of(names.Where(n => n != "*")).Names.SequenceEqual(subscription.Names);
            exact += expected ? 1 : 0;
            subscription.IsExactly(names).Should().Be(expected, $"[{string.Join(",", names)}] against [{string.Join(",", subscription.Names)}]");
        }

        exact.Should().BeGreaterThan(100, "the generator makes exact lists too, repeats and wildcards among them");
    }

    [Fact]
    public void A_large_subscription_is_checked_through_its_index_with_the_same_answers()
    {
        var unique = Guid.NewGuid().ToString("N");
        var pool = Enumerable.Range(0, 120).Select(i => $"cluster-{i}-{unique}").ToArray();
        var random = new Random(7);
        var exact = 0;
        for (var i = 0; i < 2_000; i++)
        {
            var subscription = Subscription.Of(pool.Where(_ => random.Next(3) > 0).Take(33 + random.Next(60)));
            // What an ACK sends: the same names in another order, now and then a repeat, a wildcard, one dropped or one added.
            var names = subscription.Names.OrderBy(_ => random.Next()).ToList();
            switch (random.Next(6))
            {
                case 0: names.Add(names[random.Next(names.Count)]); break;
                case 1: names.Insert(random.Next(names.Count), "*"); break;
                case 2: names.RemoveAt(random.Next(names.Count)); break;
                case 3: names.Add(pool[random.Next(pool.Length)]); break;
            }

            var expected = Subscription.Of(names.Where(n => n != "*")).Names.SequenceEqual(subscription.Names);
            exact += expected ? 1 : 0;
            subscription.IsExactly(names).Should().Be(expected, $"{names.Count} names against {subscription.Count}");
        }

        exact.Should().BeInRange(500, 1_900, "both answers are exercised");
    }

    [Fact]
    public void With_adds_then_removes_and_returns_the_same_instance_when_nothing_changes()
    {
        var start = Subscription.Of(["x", "y"]);

        start.With(["y"], []).Should().BeSameAs(start);
        start.With([], ["absent"]).Should().BeSameAs(start);
        start.With(["z"], ["z"]).Should().BeSameAs(start, "a name subscribed and unsubscribed in one request ends unsubscribed");
        start.With(["z"], ["x"]).Should().BeSameAs(Subscription.Of(["y", "z"]));
        start.With([], ["x", "y"]).Should().BeSameAs(Subscription.Empty);
    }

    [Fact]
    public void Two_delta_streams_subscribing_to_the_same_names_share_one_subscription_and_one_view()
    {
        var resources = new TypeResources(TypeUrls.Cluster, new[] { "a", "b", "c" }.Select(n => _cache.GetOrAdd(new Cluster { Name = n })));
        var first = new DeltaTypeState(TypeUrls.Cluster);
        var second = new DeltaTypeState(TypeUrls.Cluster);

        first.UpdateSubscription(Subscribe("c", "a", "missing"));
        second.UpdateSubscription(Subscribe("a"));
        second.UpdateSubscription(Subscribe("missing", "c"));

        second.Subscription.Should().BeSameAs(first.Subscription);
        var view = first.ComputeView(resources);
        second.ComputeView(resources).Resources.Should().BeSameAs(view.Resources);
        view.Resources.Select(r => r.Name).Should().Equal("a", "c");
        second.MissingToReport.Should().BeEquivalentTo(["a", "missing", "c"], "every newly subscribed name is reported once if it does not exist");
    }

    [Fact]
    public void A_view_follows_the_resources_it_was_computed_from()
    {
        var subscription = Subscription.Of(["a", "b"]);
        var before = new TypeResources(TypeUrls.Cluster, [_cache.GetOrAdd(new Cluster { Name = "a" })]);
        var after = new TypeResources(TypeUrls.Cluster, new[] { "a", "b" }.Select(n => _cache.GetOrAdd(new Cluster { Name = n })));

        SubscriptionViews.Of(before, subscription).Resources.Select(r => r.Name).Should().Equal("a");
        SubscriptionViews.Of(after, subscription).Resources.Select(r => r.Name).Should().Equal("a", "b");
        SubscriptionViews.Of(after, subscription).Version.Should().NotBe(SubscriptionViews.Of(before, subscription).Version);
    }

    [Fact]
    public void Subscriptions_no_stream_holds_are_swept_from_the_pool()
    {
        CreateUnheld(3000);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var sizeBefore = Subscription.PoolSize;
        CreateUnheld(1100);

        Subscription.PoolSize.Should().BeLessThan(sizeBefore + 1100, "a sweep ran and dropped the collected sets");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CreateUnheld(int count)
    {
        var prefix = Guid.NewGuid().ToString("N");
        for (var i = 0; i < count; i++)
        {
            Subscription.Of([$"{prefix}-{i}"]);
        }
    }

    private static DeltaDiscoveryRequest Subscribe(params string[] names) =>
        new() { TypeUrl = TypeUrls.Cluster, ResourceNamesSubscribe = { names } };
}
