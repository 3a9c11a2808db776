using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.Injection;
using Mesh.XdsServer.Contract;

namespace Mesh.Meshctl.Describe;

/// <summary>
/// Whether a pod runs the sidecar its policy wants: injected (template hash current), outdated (the hash the injector
/// wrote differs from the policy's current template) or missing, each with what to do.
/// </summary>
internal static class SidecarState
{
    public static (string State, string Detail) Of(V1Pod pod, MeshPolicy? policy)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var containers = (pod.Spec?.Containers ?? []).Concat(pod.Spec?.InitContainers ?? []).ToList();
        var proxy = containers.FirstOrDefault(c => c.Name == SidecarContract.ProxyContainerName);
        var annotations = pod.Metadata.Annotations ?? new Dictionary<string, string>();
        var workload = WorkloadName(pod);
        if (proxy is null)
        {
            if (annotations.TryGetValue(SidecarContract.InjectAnnotation, out var inject) && inject == "false")
            {
                return ("missing", $"the pod opts out ({SidecarContract.InjectAnnotation}: \"false\"); remove the annotation and restart {workload} to mesh it");
            }
            return policy is null
                ? ("missing", "no MeshPolicy of its namespace selects its labels, so the injector leaves it alone")
                : ("missing", $"created before policy {policy.Metadata.Name} or while the injector was unreachable; restart {workload} (kubectl rollout restart) to inject it");
        }
        if (policy is null)
        {
            return ("injected", "but no MeshPolicy selects it any more: its proxy gets no mesh config; restart it to drop the sidecar");
        }
        annotations.TryGetValue(SidecarContract.TemplateHashAnnotation, out var hash);
        // The operator-wide default images are the operator's flags, which the API does not show: take the images this
        // pod runs as those defaults, so that what the policy says (image, native, resources) is what is compared.
        var init = containers.FirstOrDefault(c => c.Name == SidecarContract.CaptureContainerName);
        var current = SidecarTemplate.For(policy, new InjectorOptions
        {
            DefaultProxyImage = proxy.Image ?? SidecarContract.DefaultProxyImage,
            OperatorImage = init?.Image ?? SidecarContract.DefaultOperatorImage,
        }).Hash;
        return hash == current
            ? ("injected", $"template {hash} is current ({proxy.Image})")
            : ("outdated", $"template {hash ?? "(none)"} differs from policy {policy.Metadata.Name}'s {current}; restart {workload} (kubectl rollout restart) to get the current sidecar");
    }

    private static string WorkloadName(V1Pod pod)
    {
        var owner = pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true) ?? pod.Metadata.OwnerReferences?.FirstOrDefault();
        return owner is null ? $"pod {pod.Metadata.Name}" : $"{owner.Kind.ToLowerInvariant()}/{owner.Name}";
    }
}
