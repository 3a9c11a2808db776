using k8s.Models;
using Mesh.Operator.Certificates;

namespace Mesh.Operator.Injection;

/// <summary>
/// Pure: the volumes of a pod that mount another ServiceAccount's workload certificate Secret
/// (<c>mesh-workload-&lt;sa&gt;</c>, directly or through a projected volume). Such a pod would present that identity;
/// Kubernetes itself lets any pod of the namespace mount any Secret of it, so the injector refuses it.
/// </summary>
public static class WorkloadSecretMounts
{
    /// <summary>"volume 'x' mounts Secret 'mesh-workload-y'" for each offending volume; empty when there is none.</summary>
    public static IReadOnlyList<string> Foreign(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var own = WorkloadSecretNames.For(SidecarContainers.ServiceAccountOf(pod));
        var found = new List<string>();
        foreach (var volume in pod.Spec?.Volumes ?? [])
        {
            var names = new List<string?> { volume.Secret?.SecretName };
            names.AddRange(volume.Projected?.Sources?.Select(s => s.Secret?.Name) ?? []);
            found.AddRange(names
                .Where(n => n is not null && n.StartsWith(CertificateNames.WorkloadSecretPrefix, StringComparison.Ordinal) && n != own)
                .Select(n => $"volume '{volume.Name}' mounts Secret '{n}'"));
        }

        return found;
    }

    /// <summary>The refusal message, naming the pod's ServiceAccount and the offending volumes.</summary>
    public static string Refusal(V1Pod pod, IReadOnlyList<string> foreign)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(foreign);
        var sa = SidecarContainers.ServiceAccountOf(pod);
        return $"mesh: {string.Join("; ", foreign)}: a pod may mount only its own ServiceAccount's workload certificate "
            + $"({WorkloadSecretNames.For(sa)} for ServiceAccount '{sa}'); another one would give it that workload's mesh identity";
    }
}
