using System.Globalization;
using k8s.Models;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Injection;

/// <summary>
/// Why a selected pod cannot get a sidecar, each as a sentence with the fix. Such a pod is admitted as it is, with a
/// warning: a half-injected pod, or a refused one, would be worse than one without the mesh. Restarting it would not
/// help, so WorkloadsReady reports these and restartOnChange never evicts them.
/// </summary>
public static class InjectionBlockers
{
    private static readonly string Reserved = string.Join(", ", SidecarContract.ReservedPorts);

    public static IReadOnlyList<string> Find(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var problems = new List<string>();
        if (pod.Spec?.HostNetwork == true)
        {
            problems.Add("the pod uses the host network (spec.hostNetwork): traffic capture would rewrite the node's iptables; " +
                         $"run it without hostNetwork, or set the annotation {SidecarContract.InjectAnnotation}: \"false\" to silence this");
        }
        foreach (var container in AllContainers(pod))
        {
            foreach (var port in container.Ports ?? [])
            {
                if (SidecarContract.ReservedPorts.Contains(port.ContainerPort))
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture,
                        $"container \"{container.Name}\" uses port {port.ContainerPort}, which the sidecar reserves ({Reserved}); " +
                        $"move the container to another port, or opt the pod out with the annotation {SidecarContract.InjectAnnotation}: \"false\""));
                }
            }
        }
        problems.AddRange(CaptureAnnotations.Problems(pod.Metadata?.Annotations));
        return problems;
    }

    internal static IEnumerable<V1Container> AllContainers(V1Pod pod) =>
        (pod.Spec?.InitContainers ?? []).Concat(pod.Spec?.Containers ?? []);
}
