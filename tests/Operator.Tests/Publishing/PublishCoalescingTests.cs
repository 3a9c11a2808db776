using Mesh.Testing;
using Mesh.Operator.Publishing;
using Mesh.Operator.Tests.Runtime;
using Mesh.XdsServer.Cache;
using Mesh.XdsServer.Config;
using Mesh.XdsServer.Model;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Operator.Tests.Publishing;

/// <summary>
/// <see cref="MeshPublisher"/> folds the changes of one window into one publish and merges what arrives during a publish
/// into the next one, always serving the latest content. The clock is manual, so no test depends on timing.
/// </summary>
public sealed class PublishCoalescingTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(30);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static PublishedPolicy Policy(string ns, params string[] addresses) => new()
    {
        Namespace = ns,
        Name = "mesh",
        Generation = 1,
        Services =
        [
            new MeshService
            {
                Name = "reviews",
                Namespace = ns,
                Ports = [new ServicePort { Port = 9080, Protocol = ServiceProtocol.Http }],
                Endpoints = addresses.Select(a => new ServiceEndpoint { Address = a, Zone = "a" }).ToList(),
            },
        ],
    };

    private static string[] Addresses(MeshModel model, string ns) =>
        model.Services.Where(s => s.Namespace == ns).SelectMany(s => s.Endpoints).Select(e => e.Address).ToArray();

    /// <summary>A publisher whose publishes are recorded (and may be held) before they reach a real server.</summary>
    private sealed class Harness
    {
        private readonly MeshConfigServer _server = new(new SnapshotCache(), NullLogger<MeshConfigServer>.Instance);

        public Harness()
        {
            Publisher = new MeshPublisher(_server, Record, Time, new MeshPublisherOptions { Debounce = Window, InitialWait = InitialWait }, logger: null);
        }

        public ManualTimeProvider Time { get; } = new();

        public MeshPublisher Publisher { get; }

        /// <summary>Every model the publisher handed over.</summary>
        public List<MeshModel> Models { get; } = [];

        /// <summary>The models that were not refused, i.e. what the server served in turn.</summary>
        public List<MeshModel> Served { get; } = [];

        /// <summary>When set, a publish signals <see cref="Entered"/> and waits for this gate.</summary>
        public SemaphoreSlim? Hold { get; set; }

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Refuse any model holding an endpoint with this address (as a server refusing a bad config).</summary>
        public string? Refuse { get; init; }

        private IReadOnlyList<string> Record(MeshModel model)
        {
            lock (Models)
            {
                Models.Add(model);
            }

            if (Hold is { } hold)
            {
                Entered.TrySetResult();
                hold.Wait(Bound).Should().BeTrue("the test releases a held publish");
            }

            if (Refuse is { } bad && model.Services.SelectMany(s => s.Endpoints).Any(e => e.Address == bad))
            {
                return [$"endpoint {bad} refused"];
            }

            lock (Models)
            {
                Served.Add(model);
            }
            return _server.Publish(model);
        }
    }

    private static readonly TimeSpan InitialWait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task At_startup_the_first_publish_waits_until_every_policy_present_was_reconciled_once()
    {
        var harness = new Harness();
        harness.Publisher.ExpectInitial(() => [("shop", "mesh"), ("cart", "mesh"), ("broken", "mesh")]);
        harness.Publisher.ExpectInitial(() => throw new InvalidOperationException("only the first call lists the policies"));

        var shop = harness.Publisher.PublishAsync(Policy("shop", "10.0.0.1"));
        harness.Time.Advance(Window);
        harness.Publisher.Reconciled("broken", "mesh");
        harness.Time.Advance(Window);
        harness.Publisher.Publishes.Should().Be(0, "cart was not reconciled yet: a publish now would serve its sidecars nothing");
        shop.IsCompleted.Should().BeFalse();

        var cart = harness.Publisher.PublishAsync(Policy("cart", "10.0.1.1"));
        await Task.WhenAll(shop, cart).WaitAsync(Bound);

        harness.Publisher.Publishes.Should().Be(1);
        Addresses(harness.Models.Single(), "shop").Should().Equal("10.0.0.1");
        Addresses(harness.Models.Single(), "cart").Should().Equal("10.0.1.1");

        var later = harness.Publisher.PublishAsync(Policy("shop", "10.0.0.2"));
        harness.Time.Advance(Window);
        await later.WaitAsync(Bound);
        harness.Publisher.Publishes.Should().Be(2, "the gate holds the first publish only");
    }

    [Fact]
    public async Task At_startup_a_policy_that_is_never_reconciled_holds_the_first_publish_only_for_the_initial_wait()
    {
        var harness = new Harness();
        harness.Publisher.ExpectInitial(() => [("shop", "mesh"), ("stuck", "mesh")]);

        var shop = harness.Publisher.PublishAsync(Policy("shop", "10.0.0.1"));
        harness.Time.Advance(Window);
        harness.Time.Advance(InitialWait - Window - TimeSpan.FromMilliseconds(1));
        shop.IsCompleted.Should().BeFalse();

        harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        (await shop.WaitAsync(Bound)).Should().BeEmpty();
        Addresses(harness.Models.Single(), "shop").Should().Equal("10.0.0.1");
    }

    [Fact]
    public async Task At_startup_without_policies_nothing_waits()
    {
        var harness = new Harness();
        harness.Publisher.ExpectInitial(() => []);

        var shop = harness.Publisher.PublishAsync(Policy("shop", "10.0.0.1"));
        harness.Time.Advance(Window);

        (await shop.WaitAsync(Bound)).Should().BeEmpty();
    }

    [Fact]
    public async Task Changes_within_the_window_are_served_by_one_publish_of_the_latest_content()
    {
        var harness = new Harness();
        var submitted = Enumerable.Range(1, 5)
            .Select(i => harness.Publisher.PublishAsync(Policy("shop", $"10.0.0.{i}")))
            .Append(harness.Publisher.PublishAsync(Policy("cart", "10.0.1.1")))
            .ToList();

        harness.Publisher.Publishes.Should().Be(0, "nothing is published before the window ends");
        submitted.Should().OnlyContain(t => !t.IsCompleted);

        harness.Time.Advance(Window);
        var outcomes = await Task.WhenAll(submitted).WaitAsync(Bound);

        outcomes.Should().OnlyContain(errors => errors.Count == 0);
        harness.Publisher.Publishes.Should().Be(1);
        Addresses(harness.Models.Single(), "shop").Should().Equal("10.0.0.5");
        Addresses(harness.Models.Single(), "cart").Should().Equal("10.0.1.1");
        harness.Publisher.Get("shop", "mesh")!.Services[0].Endpoints.Select(e => e.Address).Should().Equal("10.0.0.5");
    }

    [Fact]
    public async Task Changes_during_a_publish_wait_for_it_and_are_merged_into_exactly_one_more()
    {
        using var hold = new SemaphoreSlim(0);
        var harness = new Harness { Hold = hold };
        var first = harness.Publisher.PublishAsync(Policy("shop", "10.0.0.1"));
        harness.Time.Advance(Window);
        await harness.Entered.Task.WaitAsync(Bound);

        // While the first publish runs: the running content again, then two changes of one policy and one of another.
        var same = harness.Publisher.PublishAsync(Policy("shop", "10.0.0.1"));
        var during = new[]
        {
            harness.Publisher.PublishAsync(Policy("shop", "10.0.0.2")),
            harness.Publisher.PublishAsync(Policy("shop", "10.0.0.3")),
            harness.Publisher.PublishAsync(Policy("cart", "10.0.1.1")),
        };
        harness.Time.Advance(Window);
        during.Should().OnlyContain(t => !t.IsCompleted, "one publish runs at a time");

        harness.Hold = null;
        hold.Release();
        (await first.WaitAsync(Bound)).Should().BeEmpty();
        (await same.WaitAsync(Bound)).Should().BeEmpty("equal content in flight is waited for, not published again");
        harness.Time.Advance(Window);
        var outcomes = await Task.WhenAll(during).WaitAsync(Bound);

        outcomes.Should().OnlyContain(errors => errors.Count == 0);
        harness.Publisher.Publishes.Should().Be(2);
        Addresses(harness.Models[1], "shop").Should().Equal("10.0.0.3");
        Addresses(harness.Models[1], "cart").Should().Equal("10.0.1.1");
    }

    [Fact]
    public async Task A_change_back_to_the_accepted_content_while_another_is_pending_is_still_published()
    {
        var harness = new Harness();
        harness.Publisher.Publish(Policy("shop", "10.0.0.1")).Should().BeEmpty();

        var away = harness.Publisher.PublishAsync(Policy("shop", "10.0.0.2"));
        var back = harness.Publisher.PublishAsync(Policy("shop", "10.0.0.1"));
        harness.Time.Advance(Window);
        await Task.WhenAll(away, back).WaitAsync(Bound);

        Addresses(harness.Models[^1], "shop").Should().Equal("10.0.0.1");
        harness.Publisher.Get("shop", "mesh")!.Services[0].Endpoints.Select(e => e.Address).Should().Equal("10.0.0.1");
    }

    [Fact]
    public async Task A_refused_change_in_a_batch_is_put_back_and_the_others_are_served()
    {
        var harness = new Harness { Refuse = "10.9.9.9" };
        harness.Publisher.Publish(Policy("cart", "10.0.1.1")).Should().BeEmpty();

        var good = harness.Publisher.PublishAsync(Policy("shop", "10.0.0.1"));
        var bad = harness.Publisher.PublishAsync(Policy("cart", "10.9.9.9"));
        harness.Time.Advance(Window);

        (await good.WaitAsync(Bound)).Should().BeEmpty();
        (await bad.WaitAsync(Bound)).Should().Equal("endpoint 10.9.9.9 refused");
        harness.Publisher.Get("cart", "mesh")!.Services[0].Endpoints.Select(e => e.Address).Should().Equal("10.0.1.1");
        var served = harness.Served[^1];
        Addresses(served, "shop").Should().Equal("10.0.0.1");
        Addresses(served, "cart").Should().Equal(["10.0.1.1"], "the server's last model is the accepted state");
    }

    [Fact]
    public async Task A_removal_in_the_window_is_served_by_the_same_publish()
    {
        var harness = new Harness();
        harness.Publisher.Publish(Policy("cart", "10.0.1.1")).Should().BeEmpty();

        var removed = harness.Publisher.RemoveAsync("cart", "mesh");
        var added = harness.Publisher.PublishAsync(Policy("shop", "10.0.0.1"));
        harness.Time.Advance(Window);
        await Task.WhenAll(removed, added).WaitAsync(Bound);

        harness.Publisher.Publishes.Should().Be(2, "one for the first policy, one for the window");
        Addresses(harness.Models[^1], "cart").Should().BeEmpty();
        harness.Publisher.Get("cart", "mesh").Should().BeNull();
        harness.Publisher.RemoveAsync("cart", "mesh").IsCompleted.Should().BeTrue("removing an absent policy is a no-op");
    }

    [Fact]
    public async Task A_publish_that_throws_fails_its_waiters_and_keeps_the_accepted_state()
    {
        var server = new MeshConfigServer(new SnapshotCache(), NullLogger<MeshConfigServer>.Instance);
        var time = new ManualTimeProvider();
        var publisher = new MeshPublisher(server, _ => throw new InvalidOperationException("translator bug"), time, new MeshPublisherOptions { Debounce = Window, InitialWait = InitialWait }, logger: null);

        var change = publisher.PublishAsync(Policy("shop", "10.0.0.1"));
        time.Advance(Window);

        await FluentActions.Awaiting(() => change.WaitAsync(Bound)).Should().ThrowAsync<InvalidOperationException>();
        publisher.Get("shop", "mesh").Should().BeNull();
    }
}
