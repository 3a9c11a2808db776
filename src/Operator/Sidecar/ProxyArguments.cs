using System.Globalization;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Sidecar;

/// <summary>
/// The proxy container's args: the namespace's bootstrap file plus the per-pod values Envoy takes as flags. The
/// <c>$(VAR)</c>s are expanded by the kubelet from the container's env, which the downward API fills: POD_IP
/// (status.podIP), POD_NAME (metadata.name), POD_NAMESPACE (metadata.namespace).
/// </summary>
internal static class ProxyArguments
{
    public static IReadOnlyList<string> For(IReadOnlyDictionary<string, AppProber> probers, string serviceCluster = "$(POD_NAMESPACE)")
    {
        ArgumentNullException.ThrowIfNull(probers);
        var args = new List<string>
        {
            "-c", SidecarContract.BootstrapPath,
            "--service-node", SidecarContract.NodeIdFromEnvironment,
            "--service-cluster", serviceCluster,
            "--drain-time-s", SidecarContract.DrainSeconds.ToString(CultureInfo.InvariantCulture),
            "--drain-strategy", "immediate",
            "--log-level", "warning",
        };
        if (AppHealthConfig.ConfigYaml(probers) is { } config)
        {
            args.AddRange(["--config-yaml", config]);
        }

        return args;
    }
}
