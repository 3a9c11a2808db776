using Mesh.Operator.Entities;
using Mesh.Operator.Hosting;
using Mesh.Operator.Runtime;
using Mesh.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Operator.Tests.Runtime;

public sealed class LeaderElectionTests
{
    private sealed record Replica(ControllerManager Manager, RequestCounter Writes, CancellationTokenSource Stop, Task Run);

    private static Replica StartReplica(TestApi env, string identity)
    {
        var api = env.NewApi(out var writes);
        var manager = env.NewManager(api, new ControllerManagerOptions
        {
            Informers = new InformerOptions { MinRetryDelay = TimeSpan.FromMilliseconds(20) },
            ShutdownGracePeriod = TimeSpan.FromMilliseconds(200),
            LeaderElection = new LeaderElectionOptions
            {
                LeaseNamespace = env.Namespace,
                LeaseName = "mesh-test",
                Identity = identity,
                // Short enough for a test, long enough that a loaded 2-core machine renews in time.
                LeaseDuration = TimeSpan.FromSeconds(5),
                RenewDeadline = TimeSpan.FromSeconds(4),
                RetryPeriod = TimeSpan.FromMilliseconds(300),
            },
        });
        var reconciler = new AcceptedOnlyReconciler(manager.Cache<MeshPolicy>(ResourceKinds.MeshPolicy), api,
            new KubeEventRecorder(api, TimeProvider.System, NullLogger<KubeEventRecorder>.Instance), TimeProvider.System);
        manager.For<MeshPolicy>(ResourceKinds.MeshPolicy, $"meshpolicy-{identity}-{Guid.NewGuid():N}").Complete(reconciler);
        var stop = new CancellationTokenSource();
        return new Replica(manager, writes, stop, manager.RunAsync(stop.Token));
    }

    [Fact]
    public async Task Two_replicas_sharing_a_lease_have_exactly_one_writer_and_the_other_takes_over_when_it_stops()
    {
        await using var env = await TestApi.StartAsync();
        var a = StartReplica(env, "a");
        var b = StartReplica(env, "b");
        await Eventually.True(() => a.Manager.IsLeader || b.Manager.IsLeader, "one replica leads");
        var (leader, standby) = a.Manager.IsLeader ? (a, b) : (b, a);

        await env.CreatePolicyAsync("p");
        await Eventually.True(() => env.IsAcceptedAsync("p", 1), "the leader accepts the policy");
        standby.Manager.IsLeader.Should().BeFalse();
        leader.Writes.Writes("meshpolicies").Should().BeGreaterThan(0);
        standby.Writes.Writes("meshpolicies").Should().Be(0, "only the leader writes");
        standby.Manager.Cache<MeshPolicy>(ResourceKinds.MeshPolicy).Get(env.Namespace, "p").Should().NotBeNull("every replica keeps its cache warm");

        var stoppedAt = DateTime.UtcNow;
        await leader.Stop.CancelAsync();
        await leader.Run.WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.True(() => standby.Manager.IsLeader, "the standby takes over", TimeSpan.FromSeconds(10));
        (DateTime.UtcNow - stoppedAt).Should().BeLessThan(TimeSpan.FromSeconds(5) + TimeSpan.FromSeconds(1), "within the lease time (the leader released it, so sooner)");

        await env.EditSpecAsync("p", restartOnChange: true);
        await Eventually.True(() => env.IsAcceptedAsync("p", 2), "the new leader reconciles the edit");
        standby.Writes.Writes("meshpolicies").Should().BeGreaterThan(0);
        leader.Manager.IsLeader.Should().BeFalse();

        await standby.Stop.CancelAsync();
        await standby.Run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Lease_timings_that_would_let_two_leaders_write_are_refused_with_every_reason()
    {
        var options = new LeaderElectionOptions
        {
            LeaseNamespace = "",
            LeaseDuration = TimeSpan.FromSeconds(10),
            RenewDeadline = TimeSpan.FromSeconds(10),
            RetryPeriod = TimeSpan.FromSeconds(12),
        };

        options.Validate().Should().HaveCount(3).And.Contain(e => e.StartsWith("LeaseNamespace:"))
            .And.Contain(e => e.StartsWith("RenewDeadline:")).And.Contain(e => e.StartsWith("RetryPeriod:"));
    }
}
