using k8s.Models;
using Mesh.Operator.Entities.CertManager;
using Mesh.Operator.Hosting;
using Mesh.Operator.Reconciliation;
using Mesh.Operator.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Operator.Local;

/// <summary>
/// Local mode's stand-ins for what a cluster would run beside us: the workload simulation (Deployments and Jobs ->
/// Pods -> EndpointSlices) a cert-manager stand-in and the disruption controller. Registered by local mode only.
/// </summary>
internal sealed class LocalStandInsSetup : IControllerSetup
{
    public void Setup(ControllerManager manager, IServiceProvider services)
    {
        var options = services.GetRequiredService<ControllerOptions>();
        var simulation = new WorkloadSimulationReconciler(
            manager.Api,
            manager.Cache<V1Deployment>(ResourceKinds.Deployment),
            manager.Cache<V1Job>(LocalKinds.Job),
            manager.Cache<V1Service>(ResourceKinds.Service),
            manager.Cache<V1Pod>(ResourceKinds.Pod),
            manager.Cache<V1EndpointSlice>(ResourceKinds.EndpointSlice),
            manager.Time);
        static IEnumerable<ObjectKey> NamespaceOf(k8s.IKubernetesObject<V1ObjectMeta> obj) => [ObjectKey.Create(null, obj.Metadata.NamespaceProperty)];
        manager.For<V1Namespace>(ResourceKinds.Namespace, "local-workloads")
            .Watches<V1Deployment>(ResourceKinds.Deployment, NamespaceOf)
            .Watches<V1Job>(LocalKinds.Job, NamespaceOf)
            .Watches<V1Service>(ResourceKinds.Service, NamespaceOf)
            // A simulated pod that goes (an eviction by restartOnChange, a kubectl delete) comes back at once, as a
            // ReplicaSet or Job controller replaces it; the simulation's own status writes change nothing it reads.
            .Watches<V1Pod>(ResourceKinds.Pod, pod => pod.Metadata.OwnerReferences?.Any(o => o.Kind is "Deployment" or "Job") == true ? NamespaceOf(pod) : [])
            .WithOptions(options)
            .Complete(simulation);

        var certificates = manager.Cache<Certificate>(CertificateKinds.Certificate);
        manager.For<Certificate>(CertificateKinds.Certificate, "local-cert-manager")
            .WithOptions(options)
            .Complete(new CertManagerStandIn(manager.Api, certificates, manager.Time));

        var budgets = manager.Cache<V1PodDisruptionBudget>(DisruptionBudgetStandIn.Kind);
        manager.For<V1PodDisruptionBudget>(DisruptionBudgetStandIn.Kind, "local-disruption-budgets")
            .Watches<V1Pod>(ResourceKinds.Pod, pod => budgets.ListByNamespace(pod.Metadata.NamespaceProperty).Select(ObjectKey.Of))
            .WithOptions(options)
            .Complete(new DisruptionBudgetStandIn(manager.Api, budgets, manager.Cache<V1Pod>(ResourceKinds.Pod), manager.Time));
    }
}
