using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.Injection;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Tests.Injection;

/// <summary>Pods and policies in the states WorkloadsReady distinguishes.</summary>
internal static class WorkloadPods
{
    public static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    public static MeshPolicy Policy(string name, DateTime created, IDictionary<string, string>? matchLabels = null, bool restart = false) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "shop", CreationTimestamp = created },
        Spec = new MeshPolicySpec
        {
            Workloads = new WorkloadsSpec
            {
                Selector = matchLabels is null ? null : new LabelSelector { MatchLabels = matchLabels },
                RestartOnChange = restart,
            },
        },
    };

    public static string HashOf(MeshPolicy policy) => SidecarTemplate.For(policy, new InjectorOptions()).Hash;

    public static V1Pod Pod(string name, string? hash = null, string policy = "shop", bool ready = true, string? owner = "ReplicaSet",
        IDictionary<string, string>? labels = null, bool terminating = false, DateTime? created = null, int? port = null, bool optOut = false)
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = "shop",
                Labels = labels ?? new Dictionary<string, string> { ["app"] = "reviews" },
                Annotations = new Dictionary<string, string>(),
                CreationTimestamp = created ?? Now.UtcDateTime.AddHours(-1),
                DeletionTimestamp = terminating ? Now.UtcDateTime : null,
                OwnerReferences = owner is null ? null : [new V1OwnerReference { ApiVersion = "apps/v1", Kind = owner, Name = "reviews-abc", Uid = "u1", Controller = true }],
            },
            Spec = new V1PodSpec
            {
                Containers = [new V1Container { Name = "app", Image = "app:1", Ports = port is null ? null : [new V1ContainerPort { ContainerPort = port.Value }] }],
            },
            Status = new V1PodStatus { Phase = "Running", Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }] },
        };
        if (hash is not null)
        {
            pod.Spec.InitContainers = [new V1Container { Name = SidecarContract.CaptureContainerName }, new V1Container { Name = SidecarContract.ProxyContainerName, RestartPolicy = "Always" }];
            pod.Metadata.Annotations[SidecarContract.TemplateHashAnnotation] = hash;
            pod.Metadata.Annotations[SidecarContract.PolicyAnnotation] = policy;
            pod.Metadata.Labels[SidecarContract.TlsModeLabel] = SidecarContract.TlsModeMesh;
        }
        if (optOut)
        {
            pod.Metadata.Annotations[SidecarContract.InjectAnnotation] = "false";
        }
        return pod;
    }
}
