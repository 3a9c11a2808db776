using k8s.Models;

namespace Mesh.Operator.Local;

/// <summary>
/// The container statuses a kubelet would report for a pod that started well, built from the pod as stored (so the
/// injected proxy and capture containers are counted): every container running and ready, native sidecars (init
/// containers with restartPolicy Always) running and ready, other init containers terminated with Completed. Without
/// them `kubectl get pods` shows READY 0/1 although the pod's Ready condition is True.
/// </summary>
internal static class SimulatedPodStatus
{
    public static V1PodStatus Of(V1Pod stored, V1PodStatus status, DateTime startedAt)
    {
        var spec = stored.Spec ?? new V1PodSpec();
        status.StartTime ??= startedAt;
        status.ContainerStatuses = (spec.Containers ?? []).Select(c => Running(c, startedAt)).ToList();
        status.InitContainerStatuses = (spec.InitContainers ?? [])
            .Select(c => c.RestartPolicy == "Always" ? Running(c, startedAt) : Completed(c, startedAt))
            .ToList();
        return status;
    }

    private static V1ContainerStatus Running(V1Container container, DateTime startedAt) => new()
    {
        Name = container.Name,
        Image = container.Image,
        ImageID = "",
        Ready = true,
        Started = true,
        RestartCount = 0,
        State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = startedAt } },
    };

    private static V1ContainerStatus Completed(V1Container container, DateTime startedAt) => new()
    {
        Name = container.Name,
        Image = container.Image,
        ImageID = "",
        Ready = true,
        Started = false,
        RestartCount = 0,
        State = new V1ContainerState
        {
            Terminated = new V1ContainerStateTerminated { ExitCode = 0, Reason = "Completed", StartedAt = startedAt, FinishedAt = startedAt },
        },
    };
}
