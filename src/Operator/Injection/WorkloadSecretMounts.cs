using k8s.Models;
using Mesh.Operator.Certificates;

namespace Mesh.Operator.Injection;

/// <summary>
/// Pure: the volumes and containers of a pod that use another ServiceAccount's workload certificate Secret
/// (<c>mesh-workload-&lt;sa&gt;</c>: a secret or projected volume, or a container's env secretKeyRef or envFrom
/// secretRef). Such a pod would present that identity; Kubernetes itself lets any pod of the namespace use any Secret
/// of it, so the injector refuses it. The same rule runs in the API server as the ValidatingAdmissionPolicy
/// config/webhook/workload_secret_use.yaml, for the pods the injector never sees.
/// </summary>
public static class WorkloadSecretMounts
{
    /// <summary>
    /// "volume 'x' mounts Secret 'mesh-workload-y'" for each offending volume and "container 'c' reads Secret
    /// 'mesh-workload-y' into its environment" for each offending container; empty when there is none.
    /// </summary>
    public static IReadOnlyList<string> Foreign(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var own = WorkloadSecretNames.For(SidecarContainers.ServiceAccountOf(pod));
        bool IsForeign(string? name) => name is not null && name.StartsWith(CertificateNames.WorkloadSecretPrefix, StringComparison.Ordinal) && name != own;
        var found = new List<string>();
        foreach (var volume in pod.Spec?.Volumes ?? [])
        {
            var names = new List<string?> { volume.Secret?.SecretName };
            names.AddRange(volume.Projected?.Sources?.Select(s => s.Secret?.Name) ?? []);
            found.AddRange(names.Where(IsForeign).Distinct().Select(n => $"volume '{volume.Name}' mounts Secret '{n}'"));
        }

        var containers = (pod.Spec?.InitContainers ?? []).Select(c => (c.Name, c.Env, c.EnvFrom))
            .Concat((pod.Spec?.Containers ?? []).Select(c => (c.Name, c.Env, c.EnvFrom)))
            .Concat((pod.Spec?.EphemeralContainers ?? []).Select(c => (c.Name, c.Env, c.EnvFrom)));
        foreach (var (name, env, envFrom) in containers)
        {
            var names = (env ?? []).Select(e => e.ValueFrom?.SecretKeyRef?.Name).Concat((envFrom ?? []).Select(e => e.SecretRef?.Name));
            found.AddRange(names.Where(IsForeign).Distinct().Select(n => $"container '{name}' reads Secret '{n}' into its environment"));
        }

        return found;
    }

    /// <summary>The refusal message, naming the pod's ServiceAccount and the offending volumes.</summary>
    public static string Refusal(V1Pod pod, IReadOnlyList<string> foreign)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(foreign);
        var sa = SidecarContainers.ServiceAccountOf(pod);
        return $"mesh: {string.Join("; ", foreign)}: a pod may use only its own ServiceAccount's workload certificate "
            + $"({WorkloadSecretNames.For(sa)} for ServiceAccount '{sa}'); another one would give it that workload's mesh identity";
    }
}
