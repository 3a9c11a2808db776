using k8s.Models;
using Mesh.Operator.Entities;

namespace Mesh.Operator.NetworkPolicies;

/// <summary>The ingress rules of one Service's NetworkPolicy; null means "do not restrict ingress".</summary>
internal static class IngressRules
{
    public static List<V1NetworkPolicyIngressRule>? For(NetworkPolicyInput input, NetworkPolicyOptions options, V1Service service, string @namespace, List<string> warnings)
    {
        var spec = input.Policy.Spec;
        var serviceName = service.Metadata.Name;
        var servicePolicy = spec.Services?.FirstOrDefault(s => s.Name == serviceName);
        var index = spec.Services?.IndexOf(servicePolicy!) ?? -1;
        var authorization = servicePolicy?.Authorization;
        var ports = (service.Spec.Ports ?? []).ToList();
        var meshRule = new V1NetworkPolicyIngressRule
        {
            Ports = MeshPorts(input.Policy, options),
        };
        if (authorization is not null && MeshPolicyDefaults.ActionOf(authorization) == AuthorizationAction.Allow)
        {
            var rules = new List<V1NetworkPolicyIngressRule>();
            for (var i = 0; i < authorization.Rules.Count; i++)
            {
                var rule = Compile(input, options, authorization.Rules[i], ports, @namespace, serviceName, $"spec.services[{index}].authorization.rules[{i}]", warnings);
                if (rule is not null)
                {
                    rules.Add(rule);
                }
            }
            return [.. rules, meshRule];
        }
        return MeshPolicyDefaults.DefaultAuthorizationOf(spec) switch
        {
            DefaultAuthorization.DenyAll => [meshRule],
            DefaultAuthorization.AllowSameNamespace =>
            [
                new V1NetworkPolicyIngressRule
                {
                    FromProperty = [new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector() }],
                    Ports = TargetPorts(ports, options),
                },
                meshRule,
            ],
            _ => null,
        };
    }

    private static V1NetworkPolicyIngressRule? Compile(
        NetworkPolicyInput input, NetworkPolicyOptions options, AuthorizationRule rule, List<V1ServicePort> servicePorts, string @namespace, string serviceName, string path, List<string> warnings)
    {
        var ports = servicePorts;
        var named = (rule.To ?? []).ToList();
        if (named.Count > 0 && named.All(o => o.Ports is { Count: > 0 }))
        {
            var wanted = named.SelectMany(o => o.Ports!).ToHashSet();
            ports = servicePorts.Where(p => wanted.Contains(p.Port)).ToList();
            foreach (var missing in wanted.Where(w => servicePorts.All(p => p.Port != w)).Order())
            {
                warnings.Add($"{path}.to: port {missing} is not a port of Service {@namespace}/{serviceName}; it is ignored.");
            }
            if (ports.Count == 0)
            {
                return null;
            }
        }
        if (rule.From is not { Count: > 0 } sources)
        {
            return new V1NetworkPolicyIngressRule { Ports = TargetPorts(ports, options) };
        }
        var peers = new List<V1NetworkPolicyPeer>();
        foreach (var source in sources)
        {
            if (source.ServiceAccount is { } account)
            {
                peers.AddRange(ServiceAccountPeers.For(@namespace, source.Namespace ?? @namespace, account, input.Pods, warnings));
            }
            else if (source.Namespace is { } sourceNamespace)
            {
                peers.Add(new V1NetworkPolicyPeer { NamespaceSelector = NetworkPolicyPeers.Namespace(sourceNamespace) });
            }
        }
        // An empty "from" list means every source in NetworkPolicy: a rule whose sources map to no pod must vanish instead.
        var distinct = peers.DistinctBy(NetworkPolicyPeers.Key).ToList();
        return distinct.Count == 0 ? null : new V1NetworkPolicyIngressRule { FromProperty = distinct, Ports = TargetPorts(ports, options) };
    }

    /// <summary>The pods' ports behind the Service ports (a named targetPort stays a name: NetworkPolicy resolves it per pod) plus the sidecar's inbound port.</summary>
    private static List<V1NetworkPolicyPort> TargetPorts(IEnumerable<V1ServicePort> ports, NetworkPolicyOptions options)
    {
        var result = ports
            .Select(p => NetworkPolicyPeers.Port(p.TargetPort ?? (IntOrString)p.Port, p.Protocol ?? "TCP"))
            .Append(NetworkPolicyPeers.Port(options.SidecarInboundPort))
            .DistinctBy(NetworkPolicyPeers.Key)
            .ToList();
        return result;
    }

    private static List<V1NetworkPolicyPort> MeshPorts(MeshPolicy policy, NetworkPolicyOptions options)
    {
        var ports = new List<V1NetworkPolicyPort> { NetworkPolicyPeers.Port(options.SidecarHealthPort) };
        if (MeshPolicyDefaults.MetricsEnabledOf(policy.Spec))
        {
            ports.Add(NetworkPolicyPeers.Port(options.SidecarMetricsPort));
        }
        return ports;
    }
}
