using Mesh.Testing;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Tests.Runtime;

public sealed class WorkQueueTests
{
    private static readonly ObjectKey A = new("ns", "a");
    private static readonly ObjectKey B = new("ns", "b");
    private readonly ManualTimeProvider _time = new();

    private WorkQueue NewQueue(IRateLimiter? limiter = null) =>
        new(_time, limiter ?? new ExponentialFailureRateLimiter(TimeSpan.FromMilliseconds(5), TimeSpan.FromMinutes(5)));

    private static async Task<WorkItem> Take(WorkQueue queue)
    {
        var item = await queue.TakeAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        item.Should().NotBeNull();
        return item!.Value;
    }

    private static async Task ShouldBeEmpty(WorkQueue queue)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var take = async () => await queue.TakeAsync(cts.Token);
        await take.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task Adding_a_waiting_key_again_merges_it_into_one_item()
    {
        using var queue = NewQueue();
        queue.Add(A);
        queue.Add(A);
        queue.Add(A);

        queue.Depth.Should().Be(1);
        var item = await Take(queue);
        item.Key.Should().Be(A);
        item.Merged.Should().Be(2);
        queue.Done(A);
        await ShouldBeEmpty(queue);
    }

    [Fact]
    public async Task Keys_come_out_in_the_order_they_were_added()
    {
        using var queue = NewQueue();
        queue.Add(B);
        queue.Add(A);

        (await Take(queue)).Key.Should().Be(B);
        (await Take(queue)).Key.Should().Be(A);
    }

    [Fact]
    public async Task A_key_added_while_it_is_processed_is_not_handed_out_until_done()
    {
        using var queue = NewQueue();
        queue.Add(A);
        await Take(queue);

        queue.Add(A);
        queue.Depth.Should().Be(0, "the key is being processed: a second worker must not get it");
        await ShouldBeEmpty(queue);

        queue.Done(A);
        (await Take(queue)).Key.Should().Be(A);
    }

    [Fact]
    public async Task Queue_wait_is_the_time_since_the_first_add()
    {
        using var queue = NewQueue();
        queue.Add(A);
        _time.Advance(TimeSpan.FromMilliseconds(30));
        queue.Add(A);
        _time.Advance(TimeSpan.FromMilliseconds(20));

        (await Take(queue)).QueueWait.Should().Be(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task Add_after_waits_for_the_delay_on_the_injected_clock()
    {
        using var queue = NewQueue();
        queue.AddAfter(A, TimeSpan.FromSeconds(10));

        _time.Advance(TimeSpan.FromSeconds(9.999));
        queue.Depth.Should().Be(0);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        queue.Depth.Should().Be(1);
        (await Take(queue)).Key.Should().Be(A);
    }

    [Fact]
    public void A_delay_beyond_what_a_timer_accepts_is_armed_for_the_longest_allowed_delay()
    {
        // The system timer refuses delays over about 49 days (a root CA renewal a year away once crashed a reconcile).
        using var system = new WorkQueue(TimeProvider.System, new ExponentialFailureRateLimiter(TimeSpan.FromMilliseconds(5), TimeSpan.FromMinutes(5)));
        var add = () => system.AddAfter(A, TimeSpan.FromDays(335));
        add.Should().NotThrow();

        using var queue = NewQueue();
        queue.AddAfter(A, TimeSpan.FromDays(335));
        _time.Advance(WorkQueue.MaxDelay - TimeSpan.FromMilliseconds(1));
        queue.Depth.Should().Be(0);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        queue.Depth.Should().Be(1, "the key comes back after the clamped delay and the reconcile asks again");
    }

    [Fact]
    public void An_earlier_add_after_replaces_a_later_one_and_a_later_one_is_ignored()
    {
        using var queue = NewQueue();
        queue.AddAfter(A, TimeSpan.FromSeconds(10));
        queue.AddAfter(A, TimeSpan.FromSeconds(2));
        queue.AddAfter(A, TimeSpan.FromSeconds(30));

        _time.Advance(TimeSpan.FromSeconds(2));
        queue.Depth.Should().Be(1);
        _time.Advance(TimeSpan.FromSeconds(60));
        queue.Depth.Should().Be(1, "the replaced timers must not add the key again");
    }

    [Fact]
    public void Backoff_doubles_per_failure_from_5_ms_and_stops_at_5_minutes()
    {
        var limiter = new ExponentialFailureRateLimiter(TimeSpan.FromMilliseconds(5), TimeSpan.FromMinutes(5));

        var delays = Enumerable.Range(0, 20).Select(_ => limiter.When(A)).ToList();

        delays.Take(5).Should().Equal(
            TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20),
            TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(80));
        delays.Last().Should().Be(TimeSpan.FromMinutes(5));
        limiter.When(B).Should().Be(TimeSpan.FromMilliseconds(5), "backoff is per key");
        limiter.Retries(A).Should().Be(20);
    }

    [Fact]
    public void Forgetting_a_key_restarts_its_backoff()
    {
        var limiter = new ExponentialFailureRateLimiter(TimeSpan.FromMilliseconds(5), TimeSpan.FromMinutes(5));
        limiter.When(A);
        limiter.When(A);

        limiter.Forget(A);

        limiter.When(A).Should().Be(TimeSpan.FromMilliseconds(5));
    }

    [Fact]
    public async Task Add_rate_limited_retries_after_the_growing_backoff()
    {
        using var queue = NewQueue();

        queue.AddRateLimited(A);
        _time.Advance(TimeSpan.FromMilliseconds(4));
        queue.Depth.Should().Be(0);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        (await Take(queue)).Key.Should().Be(A);
        queue.Done(A);

        queue.AddRateLimited(A);
        _time.Advance(TimeSpan.FromMilliseconds(9));
        queue.Depth.Should().Be(0, "the second retry waits 10 ms");
        _time.Advance(TimeSpan.FromMilliseconds(1));
        queue.Depth.Should().Be(1);
    }

    [Fact]
    public void The_token_bucket_lets_a_burst_through_then_spaces_retries_at_its_rate()
    {
        var bucket = new TokenBucketRateLimiter(qps: 10, burst: 3, _time);

        var burst = Enumerable.Range(0, 3).Select(i => bucket.When(new ObjectKey("ns", $"k{i}"))).ToList();
        var fourth = bucket.When(new ObjectKey("ns", "k3"));
        var fifth = bucket.When(new ObjectKey("ns", "k4"));

        burst.Should().OnlyContain(d => d == TimeSpan.Zero);
        fourth.Should().Be(TimeSpan.FromMilliseconds(100));
        fifth.Should().Be(TimeSpan.FromMilliseconds(200));

        _time.Advance(TimeSpan.FromSeconds(10));
        bucket.When(A).Should().Be(TimeSpan.Zero, "the bucket refilled");
    }

    [Fact]
    public void The_default_limiter_takes_the_longer_of_key_backoff_and_the_overall_bucket()
    {
        var limiter = new MaxOfRateLimiter(
            new ExponentialFailureRateLimiter(TimeSpan.FromMilliseconds(5), TimeSpan.FromMinutes(5)),
            new TokenBucketRateLimiter(qps: 1, burst: 1, _time));

        limiter.When(A).Should().Be(TimeSpan.FromMilliseconds(5));
        limiter.When(B).Should().Be(TimeSpan.FromSeconds(1), "the bucket is empty after the first retry");
    }

    [Fact]
    public async Task Shutting_down_releases_waiting_takers_and_drops_later_adds()
    {
        using var queue = NewQueue();
        var waiting = queue.TakeAsync(CancellationToken.None).AsTask();

        queue.ShutDown();
        queue.Add(A);

        (await waiting.WaitAsync(TimeSpan.FromSeconds(5))).Should().BeNull();
        (await queue.TakeAsync(CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task Shutting_down_cancels_delayed_adds()
    {
        using var queue = NewQueue();
        queue.AddAfter(A, TimeSpan.FromSeconds(1));

        queue.ShutDown();
        _time.Advance(TimeSpan.FromSeconds(2));

        queue.Depth.Should().Be(0);
        (await queue.TakeAsync(CancellationToken.None)).Should().BeNull();
    }
}
