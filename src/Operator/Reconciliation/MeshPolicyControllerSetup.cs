using System.Security.Cryptography;
using k8s.Models;
using Mesh.Operator.Certificates;
using Mesh.Operator.Entities;
using Mesh.Operator.Hosting;
using Mesh.Operator.NetworkPolicies;
using Mesh.Operator.Publishing;
using Mesh.Operator.Runtime;
using Mesh.XdsServer.Status;
using k8s;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Operator.Reconciliation;

/// <summary>
/// Registers the MeshPolicy controller: it owns its Secrets and NetworkPolicies, and any change to a Service,
/// EndpointSlice or Pod wakes the MeshPolicies of that namespace (cheap: a namespace holds few policies).
/// </summary>
internal sealed class MeshPolicyControllerSetup : IControllerSetup
{
    public void Setup(ControllerManager manager, IServiceProvider services)
    {
        var policies = manager.Cache<MeshPolicy>(ResourceKinds.MeshPolicy);
        var secrets = manager.Cache<V1Secret>(ResourceKinds.Secret);
        var children = new ChildApplier(manager.Api);
        var ca = new BuiltInCertificateAuthority(
            services.GetService<BuiltInCaOptions>() ?? new BuiltInCaOptions(), manager.Time, SerialNumbers.FromRandom(RandomNumberGenerator.Create()));
        var reconciler = new MeshPolicyReconciler(
            policies,
            new NamespaceGatherer(policies, manager.Cache<V1Service>(ResourceKinds.Service), manager.Cache<V1EndpointSlice>(ResourceKinds.EndpointSlice), manager.Cache<V1Pod>(ResourceKinds.Pod)),
            services.GetRequiredService<MeshPublisher>(),
            services.GetRequiredService<IProxyStatusSource>(),
            new CertificateStep(manager.Api, children, ca, secrets, manager.Time),
            new NetworkPolicyStep(children, manager.Cache<V1NetworkPolicy>(ResourceKinds.NetworkPolicy), services.GetService<NetworkPolicyOptions>() ?? new NetworkPolicyOptions()),
            manager.Api,
            services.GetRequiredService<IEventRecorder>(),
            manager.Time);

        IEnumerable<ObjectKey> PoliciesOf(IKubernetesObject<V1ObjectMeta> obj) =>
            policies.ListByNamespace(obj.Metadata.NamespaceProperty).Select(ObjectKey.Of);

        manager.For<MeshPolicy>(ResourceKinds.MeshPolicy, "meshpolicy")
            .Owns<V1Secret>(ResourceKinds.Secret)
            .Owns<V1NetworkPolicy>(ResourceKinds.NetworkPolicy)
            .Watches<V1Service>(ResourceKinds.Service, PoliciesOf)
            .Watches<V1EndpointSlice>(ResourceKinds.EndpointSlice, PoliciesOf)
            .Watches<V1Pod>(ResourceKinds.Pod, PoliciesOf)
            .WithOptions(services.GetRequiredService<ControllerOptions>())
            .Complete(reconciler);
    }
}
