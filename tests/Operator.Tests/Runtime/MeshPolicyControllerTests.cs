using System.Text.Json.Nodes;
using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.Hosting;
using Mesh.Operator.Runtime;
using Mesh.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Operator.Tests.Runtime;

/// <summary>The runtime end to end with the accepted-only MeshPolicy reconciler, against the embedded API.</summary>
public sealed class MeshPolicyControllerTests
{
    private sealed record Running(ControllerManager Manager, Controller Controller, CountingReconciler Reconciler, RequestCounter Writes, CancellationTokenSource Stop, Task Run) : IAsyncDisposable
    {
        /// <summary>Waits until at least <paramref name="count"/> reconciles finished and none is in flight.</summary>
        public Task Idle(int count = 1) =>
            Eventually.True(() => Reconciler.Count >= count && RuntimeMetricsProbe.Active(Controller) == 0 && Controller.Queue.Depth == 0, "the controller is idle");

        public async ValueTask DisposeAsync()
        {
            await Stop.CancelAsync();
            await Run;
            Stop.Dispose();
        }
    }

    private static Running Start(TestApi env, ControllerOptions? options = null, Action<ControllerBuilder<MeshPolicy>>? declare = null)
    {
        var api = env.NewApi(out var writes);
        var manager = env.NewManager(api);
        var inner = new AcceptedOnlyReconciler(manager.Cache<MeshPolicy>(ResourceKinds.MeshPolicy), api,
            new KubeEventRecorder(api, TimeProvider.System, NullLogger<KubeEventRecorder>.Instance), TimeProvider.System);
        var counting = new CountingReconciler(inner);
        var builder = manager.For<MeshPolicy>(ResourceKinds.MeshPolicy, "meshpolicy-" + Guid.NewGuid().ToString("N")[..6])
            .WithOptions(options ?? new ControllerOptions());
        declare?.Invoke(builder);
        var controller = builder.Complete(counting);
        var stop = new CancellationTokenSource();
        return new Running(manager, controller, counting, writes, stop, manager.RunAsync(stop.Token));
    }

    [Fact]
    public async Task Sets_Accepted_and_observedGeneration_and_follows_a_spec_edit()
    {
        await using var env = await TestApi.StartAsync();
        await env.CreatePolicyAsync("p");
        await using var run = Start(env);

        await Eventually.True(() => env.IsAcceptedAsync("p", 1), "generation 1 is accepted");
        var first = (await env.GetPolicyAsync("p"))!.Status!.Conditions!.Single();
        await env.EditSpecAsync("p", restartOnChange: true);

        await Eventually.True(() => env.IsAcceptedAsync("p", 2), "observedGeneration follows the edit");
        var second = (await env.GetPolicyAsync("p"))!.Status!.Conditions!.Single();
        second.LastTransitionTime.Should().Be(first.LastTransitionTime, "the status stayed True, so the transition time must not move");
    }

    [Fact]
    public async Task Channel_events_within_one_window_wake_their_key_once_and_a_later_event_wakes_it_again()
    {
        await using var env = await TestApi.StartAsync();
        await env.CreatePolicyAsync("p");
        var events = System.Threading.Channels.Channel.CreateUnbounded<string>();
        var key = ObjectKey.Create(env.Namespace, "p");
        await using var run = Start(env, new ControllerOptions { ChannelEventWindow = TimeSpan.FromSeconds(1) },
            b => b.WatchesChannel(events.Reader, _ => [key]));
        await Eventually.True(() => env.IsAcceptedAsync("p", 1), "the first reconcile ran");
        await run.Idle();
        var before = run.Reconciler.Count;

        // Proxies ACK one by one: ten events spread over ~300 ms, each of which would wake the key on its own.
        for (var i = 0; i < 10; i++)
        {
            events.Writer.TryWrite("ack");
            await Task.Delay(30);
        }

        await Eventually.True(() => run.Reconciler.Count > before, "the burst woke the key");
        await run.Idle(before + 1);
        events.Writer.TryWrite("later");
        await Eventually.True(() => run.Reconciler.Count > before + 1, "the later event woke the key again");
        await run.Idle(before + 2);

        run.Reconciler.Count.Should().Be(before + 2, "ten events within one window are one reconcile, the later one another");
    }

    [Fact]
    public async Task A_409_on_the_status_write_is_retried_and_converges()
    {
        await using var env = await TestApi.StartAsync();
        env.Server.Faults.FailNext("patch", "meshpolicies", 409, count: 2);
        await env.CreatePolicyAsync("p");
        await using var run = Start(env);

        await Eventually.True(() => env.IsAcceptedAsync("p", 1), "the third status write succeeds");
        await run.Idle(3);
        run.Reconciler.Count.Should().BeGreaterThanOrEqualTo(3, "each conflict fails one reconcile, which is retried");
        run.Writes.Writes("meshpolicies").Should().Be(3);
    }

    [Fact]
    public async Task Server_errors_back_off_then_succeed()
    {
        await using var env = await TestApi.StartAsync();
        env.Server.Faults.FailNext("patch", "meshpolicies", 500, count: 4);
        await env.CreatePolicyAsync("p");
        await using var run = Start(env);

        await Eventually.True(() => env.IsAcceptedAsync("p", 1), "the status write succeeds after the errors");
        await run.Idle(5);
        run.Reconciler.Count.Should().Be(5, "four failures then one success; the successful write's own event starts nothing");
        run.Controller.Queue.Retries(ObjectKey.Create(env.Namespace, "p")).Should().Be(0, "success forgets the backoff");
    }

    [Fact]
    public async Task Reconciling_twice_in_a_row_makes_zero_writes()
    {
        await using var env = await TestApi.StartAsync();
        await env.CreatePolicyAsync("p");
        await using var run = Start(env);
        await Eventually.True(() => env.IsAcceptedAsync("p", 1), "the policy is accepted");
        await Eventually.True(() => run.Manager.Cache<MeshPolicy>(ResourceKinds.MeshPolicy).Get(env.Namespace, "p")?.Status is not null, "the cache saw the status");
        await run.Idle();
        run.Writes.Reset();
        var before = run.Reconciler.Count;

        var key = ObjectKey.Create(env.Namespace, "p");
        run.Controller.Queue.Add(key);
        await Eventually.True(() => run.Reconciler.Count == before + 1, "the first extra reconcile ran");
        run.Controller.Queue.Add(key);
        await Eventually.True(() => run.Reconciler.Count == before + 2, "the second extra reconcile ran");

        run.Writes.Writes("meshpolicies").Should().Be(0);
        run.Writes.Writes("events").Should().Be(0);
    }

    [Fact]
    public async Task A_status_only_change_does_not_start_a_reconcile_loop()
    {
        await using var env = await TestApi.StartAsync();
        await env.CreatePolicyAsync("p");
        await using var run = Start(env);
        var informer = run.Manager.Informer<MeshPolicy>(ResourceKinds.MeshPolicy);
        await Eventually.True(() => env.IsAcceptedAsync("p", 1), "the policy is accepted");
        await Eventually.True(() => informer.Cache.Get(env.Namespace, "p")?.Status is not null, "the operator's own status write reached the cache");
        await run.Idle();
        var afterOwnWrite = run.Reconciler.Count;

        // Someone else writes status only (as a status aggregator would); generation does not move.
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var patched = await env.Api.MergePatchAsync<MeshPolicy>(ResourceKinds.MeshPolicy, ObjectKey.Create(env.Namespace, "p"),
            new JsonObject { ["status"] = new JsonObject { ["workloads"] = new JsonObject { ["selected"] = 3 } } }.ToJsonString(), "status", default);
        informer.AddHandler((_, n) =>
        {
            if (n?.Metadata.ResourceVersion == patched.Metadata.ResourceVersion)
            {
                seen.TrySetResult();
            }
        });
        if (informer.Cache.Get(env.Namespace, "p")?.Metadata.ResourceVersion == patched.Metadata.ResourceVersion)
        {
            seen.TrySetResult();
        }

        await seen.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // Handlers run in order, so the controller has already decided about this event; give a loop time to show.
        await Task.Delay(TimeSpan.FromMilliseconds(300));

        afterOwnWrite.Should().Be(1, "the operator's own status write must not wake it");
        run.Reconciler.Count.Should().Be(afterOwnWrite, "a status-only change must not wake the reconciler");
        run.Controller.Queue.Depth.Should().Be(0);
    }

    [Fact]
    public async Task A_change_to_an_owned_child_wakes_its_owner()
    {
        await using var env = await TestApi.StartAsync();
        var policy = await env.CreatePolicyAsync("p");
        await using var run = Start(env, declare: b => b.Owns<V1ConfigMap>(ResourceKinds.ConfigMap));
        await Eventually.True(() => env.IsAcceptedAsync("p", 1), "the policy is accepted");
        await Eventually.True(() => run.Manager.Cache<MeshPolicy>(ResourceKinds.MeshPolicy).Get(env.Namespace, "p")?.Status is not null, "the cache saw the status");
        await run.Idle();
        var before = run.Reconciler.Count;

        await env.Api.CreateAsync(ResourceKinds.ConfigMap, new V1ConfigMap
        {
            Metadata = new()
            {
                Name = "child",
                NamespaceProperty = env.Namespace,
                OwnerReferences = [new V1OwnerReference { ApiVersion = MeshPolicy.KubeGroupVersion, Kind = MeshPolicy.KubeKind, Name = "p", Uid = policy.Metadata.Uid, Controller = true }],
            },
        }, default);
        await env.Api.CreateAsync(ResourceKinds.ConfigMap, new V1ConfigMap { Metadata = new() { Name = "unrelated", NamespaceProperty = env.Namespace } }, default);

        await Eventually.True(() => run.Reconciler.Count == before + 1, "the child's creation wakes the owner once");
        run.Manager.Cache<V1ConfigMap>(ResourceKinds.ConfigMap).ListByOwner(policy.Metadata.Uid).Select(c => c.Metadata.Name).Should().Equal("child");
    }

    [Fact]
    public async Task One_key_is_never_reconciled_by_two_workers_at_once()
    {
        await using var env = await TestApi.StartAsync();
        await env.CreatePolicyAsync("p");
        var gate = new SemaphoreSlim(0);
        var reconciler = new CountingReconciler(async (_, ct) =>
        {
            await gate.WaitAsync(ct);
            return ReconcileResult.Done;
        });
        var manager = env.NewManager(env.NewApi(out _));
        var controller = manager.For<MeshPolicy>(ResourceKinds.MeshPolicy, "exclusive-" + Guid.NewGuid().ToString("N")[..6])
            .WithOptions(new ControllerOptions { Workers = 4 }).Complete(reconciler);
        using var stop = new CancellationTokenSource();
        var running = manager.RunAsync(stop.Token);

        await Eventually.True(() => RuntimeMetricsProbe.Active(controller) == 1, "the first reconcile is in flight");
        var key = ObjectKey.Create(env.Namespace, "p");
        controller.Queue.Add(key);
        controller.Queue.Add(key);
        gate.Release(10);

        await Eventually.True(() => reconciler.Count == 2, "the adds made during the reconcile merge into one more run");
        reconciler.MaxConcurrentPerKey.Should().Be(1);
        await stop.CancelAsync();
        await running;
    }
}
