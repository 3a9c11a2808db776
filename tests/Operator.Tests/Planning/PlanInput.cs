using k8s;
using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.Planning;

namespace Mesh.Operator.Tests.Planning;

/// <summary>Reads a multi-document YAML file of Kubernetes objects into the planner's input.</summary>
internal static class PlanInput
{
    private static readonly Dictionary<string, Type> Types = new()
    {
        ["mesh.dev/v1alpha1/MeshPolicy"] = typeof(MeshPolicy),
        ["v1/Service"] = typeof(V1Service),
        ["v1/Pod"] = typeof(V1Pod),
        ["v1/ServiceAccount"] = typeof(V1ServiceAccount),
        ["v1/Namespace"] = typeof(V1Namespace),
        ["discovery.k8s.io/v1/EndpointSlice"] = typeof(V1EndpointSlice),
        ["apps/v1/Deployment"] = typeof(V1Deployment),
        ["batch/v1/Job"] = typeof(V1Job),
        ["cert-manager.io/v1/Issuer"] = typeof(Mesh.Operator.Entities.CertManager.Issuer),
        ["cert-manager.io/v1/ClusterIssuer"] = typeof(Mesh.Operator.Entities.CertManager.ClusterIssuer),
    };

    public static IReadOnlyList<object> LoadObjects(string path) =>
        KubernetesYaml.LoadAllFromString(File.ReadAllText(path), Types);

    public static NamespaceState StateOf(IReadOnlyList<object> objects, string ns) => new()
    {
        Namespace = ns,
        Policies = objects.OfType<MeshPolicy>().Where(p => p.Metadata.NamespaceProperty == ns).ToList(),
        Services = objects.OfType<V1Service>().Where(o => o.Metadata.NamespaceProperty == ns).ToList(),
        EndpointSlices = objects.OfType<V1EndpointSlice>().Where(o => o.Metadata.NamespaceProperty == ns).ToList(),
        Pods = objects.OfType<V1Pod>().Where(o => o.Metadata.NamespaceProperty == ns).ToList(),
        ServiceAccounts = objects.OfType<V1ServiceAccount>().Where(o => o.Metadata.NamespaceProperty == ns).ToList(),
    };
}
