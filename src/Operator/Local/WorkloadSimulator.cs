using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Models;

namespace Mesh.Operator.Local;

/// <summary>
/// Local mode has no kubelet and no controllers: nothing turns a Deployment into Pods or a Service into endpoints.
/// This pure function says what a cluster would show: <c>replicas</c> Running, Ready Pods per Deployment, the running
/// Pods of each Job (deterministic names and addresses from 10.244.0.0/16, placed on <see cref="SimulatedNodes"/>; no
/// container runs) and one EndpointSlice per Service selecting them, whose endpoints carry the node and its zone.
/// It is a stand-in for the demo and the tests; in a cluster it is never used.
/// </summary>
public static class WorkloadSimulator
{
    public const string ManagedBy = "mesh-local-simulator";

    public static SimulatedWorkloads Simulate(IEnumerable<V1Deployment> deployments, IEnumerable<V1Service> services) =>
        Simulate(deployments, [], services);

    public static SimulatedWorkloads Simulate(IEnumerable<V1Deployment> deployments, IEnumerable<V1Job> jobs, IEnumerable<V1Service> services)
    {
        ArgumentNullException.ThrowIfNull(deployments);
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(services);
        var deploymentPods = deployments
            .Where(d => d.Metadata.DeletionTimestamp is null)
            .OrderBy(d => d.Metadata.NamespaceProperty, StringComparer.Ordinal).ThenBy(d => d.Metadata.Name, StringComparer.Ordinal)
            .SelectMany(PodsOf);
        var jobPods = jobs
            .Where(j => j.Metadata.DeletionTimestamp is null)
            .OrderBy(j => j.Metadata.NamespaceProperty, StringComparer.Ordinal).ThenBy(j => j.Metadata.Name, StringComparer.Ordinal)
            .SelectMany(PodsOf);
        var pods = deploymentPods.Concat(jobPods).ToList();
        var slices = services
            .Where(s => s.Spec?.Selector is { Count: > 0 })
            .OrderBy(s => s.Metadata.NamespaceProperty, StringComparer.Ordinal).ThenBy(s => s.Metadata.Name, StringComparer.Ordinal)
            .Select(s => SliceOf(s, pods.Where(p => p.Metadata.NamespaceProperty == s.Metadata.NamespaceProperty
                && s.Spec.Selector.All(l => p.Metadata.Labels?.TryGetValue(l.Key, out var v) == true && v == l.Value)).ToList()))
            .ToList();
        return new SimulatedWorkloads(pods, slices);
    }

    private static IEnumerable<V1Pod> PodsOf(V1Deployment deployment)
    {
        var template = deployment.Spec.Template;
        var hash = Hash(KubernetesJson.Serialize(template))[..10];
        var replicas = deployment.Spec.Replicas ?? 1;
        for (var i = 0; i < replicas; i++)
        {
            var labels = new Dictionary<string, string>(template.Metadata?.Labels ?? new Dictionary<string, string>()) { ["pod-template-hash"] = hash };
            yield return PodOf(deployment.Metadata, "apps/v1", "Deployment", template, $"{deployment.Metadata.Name}-{hash}-{i}", labels,
                SimulatedNodes.NodeFor($"{deployment.Metadata.NamespaceProperty}/{deployment.Metadata.Name}", i));
        }
    }

    /// <summary>
    /// A Job's pods: as many as run at once, min(parallelism (default 1), completions (default unbounded)); none while
    /// suspended. They are Running and Ready, never Succeeded: local mode has no kubelet to run the work to completion,
    /// so a Job is simulated as a long one that is still running, which is the time its pods matter to the mesh (they
    /// have a sidecar, an identity and, when a Service selects them, endpoints). The Job's status is never written.
    /// </summary>
    private static IEnumerable<V1Pod> PodsOf(V1Job job)
    {
        var template = job.Spec.Template;
        var hash = Hash(KubernetesJson.Serialize(template))[..10];
        var running = job.Spec.Suspend == true ? 0 : Math.Min(job.Spec.Parallelism ?? 1, job.Spec.Completions ?? int.MaxValue);
        for (var i = 0; i < running; i++)
        {
            // The labels the Job controller's defaulting adds to its pods, besides the template's own.
            var labels = new Dictionary<string, string>(template.Metadata?.Labels ?? new Dictionary<string, string>())
            {
                ["batch.kubernetes.io/job-name"] = job.Metadata.Name,
                ["job-name"] = job.Metadata.Name,
            };
            yield return PodOf(job.Metadata, "batch/v1", "Job", template, $"{job.Metadata.Name}-{hash[..5]}-{i}", labels,
                SimulatedNodes.NodeFor($"{job.Metadata.NamespaceProperty}/{job.Metadata.Name}", i));
        }
    }

    private static V1Pod PodOf(
        V1ObjectMeta owner, string ownerApiVersion, string ownerKind, V1PodTemplateSpec template, string name, Dictionary<string, string> labels, string node) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = owner.NamespaceProperty,
            Labels = labels,
            Annotations = new Dictionary<string, string>(template.Metadata?.Annotations ?? new Dictionary<string, string>()),
            OwnerReferences =
            [
                new V1OwnerReference { ApiVersion = ownerApiVersion, Kind = ownerKind, Name = owner.Name, Uid = owner.Uid, Controller = true },
            ],
        },
        Spec = OnNode(template.Spec, node),
        Status = new V1PodStatus
        {
            Phase = "Running",
            PodIP = AddressOf($"{owner.NamespaceProperty}/{name}"),
            Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }],
        },
    };

    private static V1EndpointSlice SliceOf(V1Service service, IReadOnlyList<V1Pod> pods) => new()
    {
        ApiVersion = "discovery.k8s.io/v1",
        Kind = "EndpointSlice",
        Metadata = new V1ObjectMeta
        {
            Name = $"{service.Metadata.Name}-local",
            NamespaceProperty = service.Metadata.NamespaceProperty,
            Labels = new Dictionary<string, string>
            {
                ["kubernetes.io/service-name"] = service.Metadata.Name,
                ["endpointslice.kubernetes.io/managed-by"] = ManagedBy,
            },
            OwnerReferences = service.Metadata.Uid is null ? null :
            [
                new V1OwnerReference { ApiVersion = "v1", Kind = "Service", Name = service.Metadata.Name, Uid = service.Metadata.Uid, Controller = true },
            ],
        },
        AddressType = "IPv4",
        Ports = (service.Spec.Ports ?? []).Select(p => new Discoveryv1EndpointPort
        {
            Name = p.Name ?? "",
            Port = TargetPort(p, pods.FirstOrDefault()),
            Protocol = p.Protocol ?? "TCP",
            AppProtocol = p.AppProtocol,
        }).ToList(),
        Endpoints = pods.Select(p => new V1Endpoint
        {
            Addresses = [p.Status.PodIP],
            Conditions = new V1EndpointConditions { Ready = true, Serving = true, Terminating = false },
            NodeName = p.Spec?.NodeName,
            Zone = SimulatedNodes.ZoneOf(p.Spec?.NodeName),
            TargetRef = new V1ObjectReference { Kind = "Pod", Name = p.Metadata.Name, NamespaceProperty = p.Metadata.NamespaceProperty },
        }).ToList(),
    };

    /// <summary>A copy of the template's spec bound to <paramref name="node"/> (the template itself is the cache's object).</summary>
    private static V1PodSpec OnNode(V1PodSpec? spec, string node)
    {
        var copy = spec is null ? new V1PodSpec() : KubernetesJson.Deserialize<V1PodSpec>(KubernetesJson.Serialize(spec));
        copy.NodeName = node;
        return copy;
    }

    /// <summary>A named targetPort resolves through the container ports, as the EndpointSlice controller does.</summary>
    private static int TargetPort(V1ServicePort port, V1Pod? pod)
    {
        var target = port.TargetPort?.Value;
        if (target is null)
        {
            return port.Port;
        }
        if (int.TryParse(target, out var number))
        {
            return number;
        }
        return pod?.Spec?.Containers?.SelectMany(c => c.Ports ?? []).FirstOrDefault(p => p.Name == target)?.ContainerPort ?? port.Port;
    }

    private static string AddressOf(string key)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return $"10.244.{bytes[0]}.{Math.Max((int)bytes[1], 1)}";
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
