using System.Security.Cryptography;
using System.Threading.Channels;
using k8s.Models;
using Mesh.Operator.Certificates;
using Mesh.Operator.Entities;
using Mesh.Operator.Planning;
using Mesh.Operator.Entities.CertManager;
using Mesh.Operator.Hosting;
using Mesh.Operator.NetworkPolicies;
using Mesh.Operator.Publishing;
using Mesh.Operator.Runtime;
using Mesh.XdsServer.Status;
using k8s;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Operator.Reconciliation;

/// <summary>
/// Registers the MeshPolicy controller: it owns its Secrets, NetworkPolicies and cert-manager Certificates, and any
/// change to a Service, EndpointSlice or Pod wakes the MeshPolicies of that namespace (cheap: a namespace holds few
/// policies); an Issuer or ClusterIssuer wakes the policies that reference it.
/// </summary>
internal sealed class MeshPolicyControllerSetup : IControllerSetup
{
    /// <summary>The registry's events as a channel: the registry calls listeners on stream loops, which must not wait.</summary>
    private static ChannelReader<ProxyEvent> ProxyEvents(ProxyStatusRegistry registry)
    {
        var channel = Channel.CreateUnbounded<ProxyEvent>(new UnboundedChannelOptions { SingleReader = true });
        registry.Subscribe(e => channel.Writer.TryWrite(e));
        return channel.Reader;
    }

    /// <summary>
    /// The other replicas' proxy summaries, from their status Leases in the operator's namespace (none without leader
    /// election: then this is the only replica).
    /// </summary>
    private static Func<string, IReadOnlyList<ReplicaProxySummary>> OtherReplicas(ControllerManager manager, IServiceProvider services)
    {
        if (services.GetService<LeaderElectionOptions>() is not { } election)
        {
            return _ => [];
        }

        var leases = manager.Cache<V1Lease>(ResourceKinds.Lease);
        return key => ReplicaStatusLeases.OthersFor(leases.ListByNamespace(election.LeaseNamespace), election.Identity, key, manager.Time.GetUtcNow());
    }

    public void Setup(ControllerManager manager, IServiceProvider services)
    {
        var policies = manager.Cache<MeshPolicy>(ResourceKinds.MeshPolicy);
        var secrets = manager.Cache<V1Secret>(ResourceKinds.Secret);
        var children = new ChildApplier(manager.Api);
        var ca = new BuiltInCertificateAuthority(
            services.GetService<BuiltInCaOptions>() ?? new BuiltInCaOptions(), manager.Time, SerialNumbers.FromRandom(RandomNumberGenerator.Create()));
        var certManager = new CertManagerInformers(
            manager.Informer<Certificate>(CertificateKinds.Certificate),
            manager.Informer<Issuer>(CertificateKinds.Issuer),
            manager.Informer<ClusterIssuer>(CertificateKinds.ClusterIssuer));
        var networkPolicyOptions = services.GetService<NetworkPolicyOptions>() ?? new NetworkPolicyOptions();
        var caOptions = ca.Options;

        // The root CA (cluster-wide) has its own controller; an initial key makes it create the root at startup.
        var rootReconciler = new RootCaReconciler(secrets, new RootCaWriter(manager.Api, ca), caOptions, manager.Time);
        var kick = Channel.CreateUnbounded<ObjectKey>();
        kick.Writer.TryWrite(rootReconciler.RootKey);
        manager.For<V1Secret>(ResourceKinds.Secret, "root-ca")
            .WatchesChannel(kick.Reader, key => [key])
            .WithOptions(services.GetRequiredService<ControllerOptions>() with { Workers = 1 })
            .Complete(rootReconciler);
        bool IsRoot(V1Secret secret) => ObjectKey.Of(secret) == rootReconciler.RootKey;
        // One memo for both controllers: an EndpointSlice write wakes a policy in each, and whichever comes second finds
        // the namespace planned (and the published config fingerprinted) by the first.
        var plans = new PlanMemo(new NamespaceGatherer(policies, manager.Cache<V1Service>(ResourceKinds.Service), manager.Cache<V1EndpointSlice>(ResourceKinds.EndpointSlice), manager.Cache<V1Pod>(ResourceKinds.Pod), manager.Cache<PartialObjectMetadata>(ResourceKinds.Node), manager.Cache<V1NetworkPolicy>(ResourceKinds.NetworkPolicy)));
        var reconciler = new MeshPolicyReconciler(
            policies,
            plans,
            services.GetRequiredService<MeshPublisher>(),
            services.GetRequiredService<IProxyStatusSource>(),
            OtherReplicas(manager, services),
            [
                new CertificateStep(children, ca, secrets, certManager, manager.Time),
                new WorkloadsStep(
                    manager.Api,
                    services.GetService<Injection.InjectorOptions>() ?? new Injection.InjectorOptions(),
                    new BootstrapStep(children, manager.Cache<V1ConfigMap>(ResourceKinds.ConfigMap)),
                    services.GetRequiredService<IEventRecorder>(),
                    manager.Time),
                new NetworkPolicyStep(children, manager.Cache<V1NetworkPolicy>(ResourceKinds.NetworkPolicy), networkPolicyOptions, manager.Time),
            ],
            networkPolicyOptions,
            manager.Api,
            services.GetRequiredService<IEventRecorder>(),
            manager.Time);

        IEnumerable<ObjectKey> PoliciesOf(IKubernetesObject<V1ObjectMeta> obj) =>
            policies.ListByNamespace(obj.Metadata.NamespaceProperty).Select(ObjectKey.Of);

        // A Service also wakes the policies of other namespaces that name it in egress.services: their status warns
        // while it is missing and must clear when it comes (and warn again when it goes).
        IEnumerable<ObjectKey> PoliciesOfOrNaming(V1Service service) =>
            PoliciesOf(service).Concat(policies.List()
                .Where(p => p.Metadata.NamespaceProperty != service.Metadata.NamespaceProperty
                    && EgressServiceEntries.NamedElsewhere([p], p.Metadata.NamespaceProperty)
                        .Contains((service.Metadata.NamespaceProperty, service.Metadata.Name)))
                .Select(ObjectKey.Of));

        IEnumerable<ObjectKey> PoliciesReferencing(IKubernetesObject<V1ObjectMeta> issuer, IssuerKind kind) =>
            (kind == IssuerKind.ClusterIssuer ? policies.List() : policies.ListByNamespace(issuer.Metadata.NamespaceProperty))
                .Where(p => CertManagerInformers.References(p, issuer.Metadata.NamespaceProperty, issuer.Metadata.Name, kind))
                .Select(ObjectKey.Of);

        // Every replica plans and publishes from its own informers, so each serves the same xDS config.
        manager.For<MeshPolicy>(ResourceKinds.MeshPolicy, "meshpolicy-xds")
            .Watches<V1Service>(ResourceKinds.Service, PoliciesOf)
            .Watches<V1EndpointSlice>(ResourceKinds.EndpointSlice, PoliciesOf)
            .Watches<V1Pod>(ResourceKinds.Pod, PoliciesOf)
            .WithOptions(services.GetRequiredService<ControllerOptions>() with { NeedsLeaderElection = false })
            .Complete(new MeshPolicyPublishReconciler(policies, plans, services.GetRequiredService<MeshPublisher>()));

        manager.For<MeshPolicy>(ResourceKinds.MeshPolicy, "meshpolicy")
            .Owns<V1Secret>(ResourceKinds.Secret)
            // A new or rotated root CA wakes every policy (their workload certificates chain to it).
            .Watches<V1Secret>(ResourceKinds.Secret, s => IsRoot(s) ? policies.List().Select(ObjectKey.Of) : [])
            .Owns<V1NetworkPolicy>(ResourceKinds.NetworkPolicy)
            .Owns<V1ConfigMap>(ResourceKinds.ConfigMap)
            .Owns<Certificate>(CertificateKinds.Certificate)
            .Watches<Issuer>(CertificateKinds.Issuer, i => PoliciesReferencing(i, IssuerKind.Issuer))
            .Watches<ClusterIssuer>(CertificateKinds.ClusterIssuer, i => PoliciesReferencing(i, IssuerKind.ClusterIssuer))
            .Watches<V1Service>(ResourceKinds.Service, PoliciesOfOrNaming)
            .Watches<V1EndpointSlice>(ResourceKinds.EndpointSlice, PoliciesOf)
            .Watches<V1Pod>(ResourceKinds.Pod, PoliciesOf)
            // Proxy connect, disconnect, ACK and NACK wake the policies the proxy receives: no status polling.
            // Another replica's proxies changed what they say: its status Lease wakes the policies it reports on.
            .Watches<V1Lease>(ResourceKinds.Lease, lease => ReplicaStatusLeases.PolicyKeys(lease).Select(k => ObjectKey.Create(k[..k.IndexOf('/')], k[(k.IndexOf('/') + 1)..])))
            .WatchesChannel(ProxyEvents(services.GetRequiredService<ProxyStatusRegistry>()), e => ProxyEventKeys.Of(e, ns => policies.ListByNamespace(ns).Select(ObjectKey.Of)))
            .WithOptions(services.GetRequiredService<ControllerOptions>())
            .Complete(reconciler);
    }
}
