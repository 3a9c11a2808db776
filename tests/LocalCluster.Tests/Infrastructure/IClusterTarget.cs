using k8s;
using Mesh.Testing;

namespace Mesh.LocalCluster.Tests.Infrastructure;

/// <summary>What a contract test drives: the embedded API server or a real k3s, through kubectl and KubernetesClient.</summary>
public interface IClusterTarget
{
    string Name { get; }

    IKubernetes Client { get; }

    Kubectl Kubectl { get; }
}
