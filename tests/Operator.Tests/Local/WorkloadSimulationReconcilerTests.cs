using k8s.Models;
using Mesh.Operator.Local;
using Mesh.Operator.Runtime;
using Mesh.Operator.Tests.Runtime;
using Mesh.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Operator.Tests.Local;

/// <summary>Local mode's workload simulation wired as local mode wires it, against the embedded API.</summary>
public sealed class WorkloadSimulationReconcilerTests
{
    [Fact]
    public async Task A_job_applied_in_local_mode_gets_running_pods_owned_by_it_and_loses_them_when_deleted()
    {
        await using var env = await TestApi.StartAsync();
        var api = env.NewApi(out _);
        var manager = env.NewManager(api);
        using var services = new ServiceCollection().AddSingleton(new ControllerOptions()).BuildServiceProvider();
        new LocalStandInsSetup().Setup(manager, services);
        using var stop = new CancellationTokenSource();
        var run = manager.RunAsync(stop.Token);
        try
        {
            var job = await env.Api.CreateAsync(LocalKinds.Job, new V1Job
            {
                ApiVersion = "batch/v1",
                Kind = "Job",
                Metadata = new V1ObjectMeta { Name = "report", NamespaceProperty = env.Namespace },
                Spec = new V1JobSpec
                {
                    Parallelism = 2,
                    Template = new V1PodTemplateSpec
                    {
                        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "report" } },
                        Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "work", Image = "work:1" }] },
                    },
                },
            }, CancellationToken.None);

            IReadOnlyList<V1Pod> pods = [];
            await Eventually.True(async () =>
            {
                pods = await PodsOfAsync(env);
                return pods.Count == 2 && pods.All(p => p.Status?.Phase == "Running");
            }, "the Job has two Running pods");
            pods.Should().AllSatisfy(p =>
            {
                p.Metadata.Labels.Should().Contain("app", "report");
                p.Metadata.OwnerReferences.Should().ContainSingle(o => o.Kind == "Job" && o.Name == "report" && o.Uid == job.Metadata.Uid);
                // What kubectl's READY column counts: without container statuses it shows 0/1 for a Ready pod.
                p.Status.ContainerStatuses.Should().ContainSingle(c => c.Name == "work" && c.Ready && c.State.Running != null);
            });

            await env.Api.SendForStringAsync(HttpMethod.Delete, LocalKinds.Job.ObjectPath(ObjectKey.Of(job)), null, null, CancellationToken.None);
            await Eventually.True(async () => (await PodsOfAsync(env)).Count == 0, "the deleted Job's pods are gone");
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
    }

    [Fact]
    public void Native_sidecars_run_ready_and_other_init_containers_completed()
    {
        var pod = new V1Pod
        {
            Spec = new V1PodSpec
            {
                InitContainers = [new V1Container { Name = "mesh-init" }, new V1Container { Name = "mesh-proxy", RestartPolicy = "Always" }],
                Containers = [new V1Container { Name = "app" }],
            },
        };

        var status = SimulatedPodStatus.Of(pod, new V1PodStatus { Phase = "Running" }, new DateTime(2026, 12, 3, 0, 0, 0, DateTimeKind.Utc));

        status.ContainerStatuses.Select(c => (c.Name, c.Ready)).Should().Equal(("app", true));
        status.InitContainerStatuses.Select(c => (c.Name, c.State.Terminated?.Reason, c.State.Running is not null, c.Ready))
            .Should().Equal(("mesh-init", "Completed", false, true), ("mesh-proxy", null, true, true));
    }

    private static async Task<IReadOnlyList<V1Pod>> PodsOfAsync(TestApi env) =>
        (await env.Api.ListAsync<V1Pod>(ResourceKinds.Pod, env.Namespace, CancellationToken.None)).Items
            .Where(p => p.Metadata.OwnerReferences?.Any(o => o.Kind == "Job") == true).ToList();
}
