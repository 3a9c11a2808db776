using Mesh.Operator.Status;
using k8s.Models;
using Mesh.Operator.Local;

namespace Mesh.Operator.Tests.Local;

public sealed class WorkloadSimulatorTests
{
    private static V1Job Job(string name, int? parallelism = null, int? completions = null, bool? suspend = null) => new()
    {
        ApiVersion = "batch/v1",
        Kind = "Job",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "batch", Uid = "uid-" + name },
        Spec = new V1JobSpec
        {
            Parallelism = parallelism,
            Completions = completions,
            Suspend = suspend,
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name, ["tier"] = "batch" } },
                Spec = new V1PodSpec
                {
                    ServiceAccountName = "reports",
                    RestartPolicy = "Never",
                    Containers = [new V1Container { Name = "work", Image = "work:1", Ports = [new V1ContainerPort { Name = "metrics", ContainerPort = 9090 }] }],
                },
            },
        },
    };

    [Fact]
    public void A_job_gets_one_running_ready_pod_by_default_labelled_from_its_template_and_owned_by_it()
    {
        var pod = WorkloadSimulator.Simulate([], [Job("report")], []).Pods.Should().ContainSingle().Subject;

        pod.Metadata.NamespaceProperty.Should().Be("batch");
        pod.Metadata.Name.Should().StartWith("report-");
        pod.Metadata.Labels.Should().Contain("app", "report").And.Contain("tier", "batch").And.Contain("job-name", "report")
            .And.Contain("batch.kubernetes.io/job-name", "report").And.NotContainKey("pod-template-hash");
        var owner = pod.Metadata.OwnerReferences.Should().ContainSingle().Subject;
        (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller).Should().Be(("batch/v1", "Job", "report", "uid-report", true));
        pod.Spec.ServiceAccountName.Should().Be("reports");
        pod.Status.Phase.Should().Be("Running", "a simulated Job is a long one, still running");
        pod.Status.Conditions.Should().ContainSingle(c => c.Type == "Ready" && c.Status == "True");
        pod.Status.PodIP.Should().StartWith("10.244.");
    }

    [Theory]
    [InlineData(3, null, 3)]
    [InlineData(3, 2, 2)]
    [InlineData(null, 5, 1)]
    [InlineData(0, null, 0)]
    public void A_job_runs_as_many_pods_as_parallelism_allows_but_no_more_than_completions(int? parallelism, int? completions, int expected)
    {
        var pods = WorkloadSimulator.Simulate([], [Job("crunch", parallelism, completions)], []).Pods;

        pods.Should().HaveCount(expected);
        pods.Select(p => p.Metadata.Name).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void A_suspended_job_has_no_pods()
    {
        WorkloadSimulator.Simulate([], [Job("paused", parallelism: 2, suspend: true)], []).Pods.Should().BeEmpty();
    }

    [Fact]
    public void A_service_selecting_job_pods_gets_their_endpoints_with_named_target_ports()
    {
        var service = new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "report-metrics", NamespaceProperty = "batch" },
            Spec = new V1ServiceSpec
            {
                Selector = new Dictionary<string, string> { ["app"] = "report" },
                Ports = [new V1ServicePort { Name = "metrics", Port = 80, TargetPort = "metrics" }],
            },
        };

        var simulated = WorkloadSimulator.Simulate([], [Job("report", parallelism: 2)], [service]);

        var slice = simulated.EndpointSlices.Should().ContainSingle().Subject;
        slice.Endpoints.Select(e => e.TargetRef.Name).Should().BeEquivalentTo(simulated.Pods.Select(p => p.Metadata.Name));
        slice.Ports.Should().ContainSingle().Which.Port.Should().Be(9090);
    }

    [Fact]
    public void The_same_jobs_always_give_the_same_pods()
    {
        var first = WorkloadSimulator.Simulate([], [Job("report", parallelism: 2)], []).Pods;
        var second = WorkloadSimulator.Simulate([], [Job("report", parallelism: 2)], []).Pods;

        second.Select(p => (p.Metadata.Name, p.Status.PodIP)).Should().Equal(first.Select(p => (p.Metadata.Name, p.Status.PodIP)));
    }
}
