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

    private static async Task<IReadOnlyList<V1Pod>> PodsOfAsync(TestApi env) =>
        (await env.Api.ListAsync<V1Pod>(ResourceKinds.Pod, env.Namespace, CancellationToken.None)).Items
            .Where(p => p.Metadata.OwnerReferences?.Any(o => o.Kind == "Job") == true).ToList();
}
