using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Sidecar;

/// <summary>
/// The ConfigMap <see cref="SidecarContract.BootstrapConfigMap"/> every injected pod of a namespace mounts at
/// <see cref="SidecarContract.BootstrapDirectory"/>: the bootstrap and the two file-based SDS resources it points at.
/// </summary>
internal static class BootstrapConfigMapBuilder
{
    public static V1ConfigMap Build(SidecarBootstrapInput input, string policyName)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta
            {
                Name = SidecarContract.BootstrapConfigMap,
                NamespaceProperty = input.Namespace,
                Labels = new Dictionary<string, string>(MeshLabels.ForPolicy(policyName)),
            },
            Data = new Dictionary<string, string>
            {
                [SidecarContract.BootstrapFile] = EnvoyJson.Format(SidecarBootstrapBuilder.Build(input)),
                [SidecarContract.CertificateSdsFile] = EnvoyJson.Format(SdsFiles.Certificate()),
                [SidecarContract.TrustBundleSdsFile] = EnvoyJson.Format(SdsFiles.TrustBundle()),
            },
        };
    }

    /// <summary>
    /// The policy that writes the namespace's bootstrap when several exist: the oldest (then the first by name), the
    /// same rule that gives a pod selected twice the older policy's sidecar. The others leave the ConfigMap alone, so
    /// two policies never take turns rewriting it.
    /// </summary>
    public static MeshPolicy? Owner(IEnumerable<MeshPolicy> policies) =>
        policies.Where(p => p.Metadata.DeletionTimestamp is null)
            .OrderBy(p => p.Metadata.CreationTimestamp ?? DateTime.MaxValue)
            .ThenBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .FirstOrDefault();
}
