using k8s;
using Mesh.Testing;

namespace Mesh.LocalCluster.Tests.Infrastructure;

/// <summary>What a contract test drives: the embedded API server or a real k3s, through kubectl and KubernetesClient.</summary>
public interface IClusterTarget
{
    string Name { get; }

    IKubernetes Client { get; }

    Kubectl Kubectl { get; }

    /// <summary>
    /// The base URL (scheme, host, port) by which this target's API server reaches <see cref="HostWebhook"/>'s server:
    /// loopback for the embedded API, the forwarded host name for a container.
    /// </summary>
    Uri HostWebhookBase { get; }
}
