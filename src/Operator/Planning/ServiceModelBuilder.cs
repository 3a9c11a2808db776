using k8s.Models;
using Mesh.Operator.Entities;
using Model = Mesh.XdsServer.Model;

namespace Mesh.Operator.Planning;

/// <summary>Builds the mesh model of one governed Service from its policy entry, the Service and its endpoints.</summary>
internal static class ServiceModelBuilder
{
    public static Model.MeshService Build(
        MeshPolicy policy,
        ServicePolicy entry,
        string field,
        V1Service service,
        IReadOnlyList<Model.ServiceEndpoint> endpoints,
        IReadOnlyList<string> serviceAccounts,
        ICollection<PlanProblem> problems)
    {
        var spec = policy.Spec;
        return new Model.MeshService
        {
            Name = entry.Name,
            Namespace = policy.Metadata.NamespaceProperty,
            ClusterIp = service.Spec?.ClusterIP is { Length: > 0 } ip && ip != "None" ? ip : null,
            Selector = service.Spec?.Selector is { } selector ? new Dictionary<string, string>(selector) : new Dictionary<string, string>(),
            Ports = BuildPorts(entry, field, service, problems),
            Subsets = (entry.Subsets ?? []).Select((s, i) => new Model.ServiceSubset
            {
                Name = s.Name,
                Labels = new Dictionary<string, string>(s.Labels),
                SourceField = $"{field}.subsets[{i}]",
            }).ToList(),
            Endpoints = endpoints,
            Routes = (entry.Routes ?? []).Select((r, i) => RouteModelBuilder.Build(r, policy.Metadata.NamespaceProperty, $"{field}.routes[{i}]")).ToList(),
            LoadBalancing = BuildLoadBalancing(entry),
            CircuitBreaker = entry.CircuitBreaker is null ? null : ToModel(MeshPolicyDefaults.CircuitBreakerOf(entry)),
            OutlierDetection = MeshPolicyDefaults.OutlierDetectionOf(entry) is { } od
                ? new Model.OutlierDetectionPolicy
                {
                    Consecutive5xx = od.Consecutive5xx,
                    Interval = od.Interval,
                    BaseEjectionTime = od.BaseEjectionTime,
                    MaxEjectionPercent = od.MaxEjectionPercent,
                }
                : null,
            RateLimit = entry.RateLimit is { } rl
                ? new Model.RateLimitPolicy { RequestsPerSecond = rl.RequestsPerSecond, Burst = MeshPolicyDefaults.BurstOf(rl) }
                : null,
            Authorization = entry.Authorization is { } authz ? BuildAuthorization(authz, field + ".authorization") : null,
            DefaultAuthorization = MeshPolicyDefaults.DefaultAuthorizationOf(spec) switch
            {
                DefaultAuthorization.DenyAll => Model.DefaultAuthorization.DenyAll,
                DefaultAuthorization.AllowSameNamespace => Model.DefaultAuthorization.AllowSameNamespace,
                _ => Model.DefaultAuthorization.AllowAll,
            },
            Mtls = MeshPlanner.ModelMtls(MeshPolicyDefaults.MtlsModeOf(spec)),
            TrustDomain = MeshPolicyDefaults.TrustDomainOf(spec),
            ServiceAccounts = serviceAccounts,
            Policy = policy.Metadata.Name,
            SourceField = field,
        };
    }

    private static List<Model.ServicePort> BuildPorts(ServicePolicy entry, string field, V1Service service, ICollection<PlanProblem> problems)
    {
        var ports = new List<Model.ServicePort>();
        foreach (var servicePort in service.Spec?.Ports ?? [])
        {
            var declared = entry.Ports?.FirstOrDefault(p => p.Port == servicePort.Port)?.Protocol;
            var (protocol, guessed) = ProtocolResolver.Resolve(declared, servicePort);
            if (guessed)
            {
                problems.Add(new PlanProblem(
                    $"{field}.ports",
                    $"port {servicePort.Port} of Service {entry.Name} declares no protocol and no known appProtocol; it is treated as TCP, so routes, retries and faults do not apply to it. Set spec.services[].ports[].protocol or the Service port's appProtocol.",
                    ConditionReasons.Valid,
                    ProblemSeverity.Warning));
            }
            ports.Add(new Model.ServicePort
            {
                Port = servicePort.Port,
                Name = servicePort.Name ?? "",
                Protocol = protocol,
                TargetPort = int.TryParse(servicePort.TargetPort?.Value, out var target) ? target : null,
            });
        }
        return ports;
    }

    private static Model.LoadBalancingPolicy BuildLoadBalancing(ServicePolicy entry)
    {
        var hashOn = entry.LoadBalancing?.HashOn;
        return new Model.LoadBalancingPolicy
        {
            Algorithm = MeshPolicyDefaults.AlgorithmOf(entry) switch
            {
                LoadBalancingAlgorithm.LeastRequest => Model.LoadBalancingAlgorithm.LeastRequest,
                LoadBalancingAlgorithm.Random => Model.LoadBalancingAlgorithm.Random,
                LoadBalancingAlgorithm.RingHash => Model.LoadBalancingAlgorithm.RingHash,
                LoadBalancingAlgorithm.Maglev => Model.LoadBalancingAlgorithm.Maglev,
                _ => Model.LoadBalancingAlgorithm.RoundRobin,
            },
            HashOn = hashOn is null ? null : new Model.HashOn { Header = hashOn.Header, Cookie = hashOn.Cookie, SourceIp = hashOn.SourceIP ?? false },
            LocalityFailover = MeshPolicyDefaults.LocalityFailoverOf(entry),
        };
    }

    private static Model.CircuitBreakerPolicy ToModel(CircuitBreakerPolicy resolved) => new()
    {
        MaxConnections = resolved.MaxConnections ?? MeshPolicyDefaults.MaxConnections,
        MaxPendingRequests = resolved.MaxPendingRequests ?? MeshPolicyDefaults.MaxPendingRequests,
        MaxRequests = resolved.MaxRequests ?? MeshPolicyDefaults.MaxRequests,
        MaxRetries = resolved.MaxRetries ?? MeshPolicyDefaults.MaxRetries,
    };

    private static Model.AuthorizationPolicy BuildAuthorization(AuthorizationPolicy authz, string field) => new()
    {
        Action = MeshPolicyDefaults.ActionOf(authz) switch
        {
            AuthorizationAction.Deny => Model.AuthorizationAction.Deny,
            AuthorizationAction.Audit => Model.AuthorizationAction.Audit,
            _ => Model.AuthorizationAction.Allow,
        },
        Rules = authz.Rules.Select(r => new Model.AuthorizationRule
        {
            From = (r.From ?? []).Select(f => new Model.AuthorizationSource { ServiceAccount = f.ServiceAccount, Namespace = f.Namespace }).ToList(),
            To = (r.To ?? []).Select(t => new Model.AuthorizationOperation
            {
                Methods = (t.Methods ?? []).Select(m => m.ToString()).ToList(),
                Paths = [.. t.Paths ?? []],
                Ports = [.. t.Ports ?? []],
            }).ToList(),
        }).ToList(),
        SourceField = field,
    };
}
