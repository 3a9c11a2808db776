using Mesh.Operator.Entities;
using Mesh.Operator.Planning.Rules;
using Mesh.XdsServer.Contract;
using Model = Mesh.XdsServer.Model;

namespace Mesh.Operator.Planning;

/// <summary>
/// The pure heart of the operator: MeshPolicy + namespace state -> <see cref="MeshPlan"/>. No I/O, no clock, no
/// randomness: the same input always gives the same plan, which is what the golden tests rely on.
/// </summary>
public static class MeshPlanner
{
    private static readonly IPolicyRule[] Rules =
    [
        new ServicesExistRule(),
        new ConflictRule(),
        new BackendReferencesRule(),
        new RegexRule(),
        new SubsetsSelectPodsRule(),
        new RoutesNeedHttpRule(),
        new ProxyCapabilityRule(),
        new EgressServicesRule(),
    ];

    public static MeshPlan Plan(MeshPolicy policy, NamespaceState state)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(state);
        var context = new PlanContext(policy, state);
        var problems = Rules.SelectMany(rule => rule.Check(context)).ToList();

        var identities = context.SelectedPods
            .Select(p => p.Spec?.ServiceAccountName is { Length: > 0 } sa ? sa : "default")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(sa => new Model.WorkloadIdentity { Namespace = context.Namespace, ServiceAccount = sa })
            .ToList();

        // Selected for certificates and labelled by the injector as running the sidecar: only those can answer mTLS.
        var meshedPods = context.SelectedPods
            .Where(p => p.Metadata.Labels?.TryGetValue(SidecarContract.TlsModeLabel, out var mode) == true && mode == SidecarContract.TlsModeMesh)
            .Select(p => p.Metadata.Name)
            .ToHashSet(StringComparer.Ordinal);
        var services = new List<Model.MeshService>();
        for (var i = 0; i < context.Entries.Count; i++)
        {
            var entry = context.Entries[i];
            if (!context.ServicesByName.TryGetValue(entry.Name, out var service) || context.Conflicts.ContainsKey(entry.Name))
            {
                continue;
            }
            var endpoints = EndpointCollector.Collect(service, context.SlicesByService[service.Metadata.Name], context.PodsByName, meshedPods, state.NodeZones);
            // The Service's selector finds its pods; a Service without one has its pods named by its endpoints. Either way
            // these identities are what a client checks the server certificate against.
            var accounts = context.PodsOf(service)
                .Concat(endpoints.Select(e => context.PodsByName.GetValueOrDefault(e.PodName)).OfType<k8s.Models.V1Pod>())
                .Select(p => p.Spec?.ServiceAccountName is { Length: > 0 } sa ? sa : "default")
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList();
            services.Add(ServiceModelBuilder.Build(policy, entry, $"spec.services[{i}]", service, endpoints, accounts, problems));
        }

        return new MeshPlan
        {
            Namespace = context.Namespace,
            PolicyName = policy.Metadata.Name,
            Generation = policy.Metadata.Generation ?? 0,
            Problems = problems,
            Services = services,
            SelectedPods = context.SelectedPods.Select(p => p.Metadata.Name).ToList(),
            Identities = identities,
            TrustDomain = MeshPolicyDefaults.TrustDomainOf(policy.Spec),
            Mtls = ModelMtls(MeshPolicyDefaults.MtlsModeOf(policy.Spec)),
            Egress = new Model.EgressPolicy
            {
                Mode = MeshPolicyDefaults.EgressModeOf(policy.Spec) == EgressMode.RegistryOnly ? Model.EgressMode.RegistryOnly : Model.EgressMode.AllowAny,
                Hosts = (policy.Spec.Egress?.Hosts ?? []).Select(h => new Model.EgressHost
                {
                    Host = h.Host,
                    Port = h.Port,
                    Protocol = MeshPolicyDefaults.ProtocolOf(h) switch
                    {
                        EgressProtocol.HTTP => Model.EgressProtocol.Http,
                        EgressProtocol.TCP => Model.EgressProtocol.Tcp,
                        _ => Model.EgressProtocol.Tls,
                    },
                }).ToList(),
                // "." is the policy's own namespace; each entry once, in order, so equal lists compare and hash alike.
                Services = policy.Spec.Egress?.Services?.Select(s => EgressServiceEntries.Resolve(s, context.Namespace))
                    .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            },
            Observability = ObservabilityModelBuilder.Build(policy.Spec),
        };
    }

    internal static Model.MtlsMode ModelMtls(MtlsMode mode) => mode switch
    {
        MtlsMode.Strict => Model.MtlsMode.Strict,
        MtlsMode.Disabled => Model.MtlsMode.Disabled,
        _ => Model.MtlsMode.Permissive,
    };
}
