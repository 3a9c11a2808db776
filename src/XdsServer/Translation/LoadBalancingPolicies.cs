using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Extensions.LoadBalancingPolicies.LeastRequest.V3;
using Envoy.Extensions.LoadBalancingPolicies.Maglev.V3;
using RandomPolicy = Envoy.Extensions.LoadBalancingPolicies.Random.V3.Random;
using Envoy.Extensions.LoadBalancingPolicies.RoundRobin.V3;
using Google.Protobuf;
using Mesh.XdsServer.Model;
using LoadBalancingPolicy = Envoy.Config.Cluster.V3.LoadBalancingPolicy;
using static Mesh.XdsServer.Translation.ProtoHelpers;

namespace Mesh.XdsServer.Translation;

/// <summary>
/// The cluster's load balancer, written so that one resource serves Envoy sidecars and proxyless gRPC clients alike.
/// Round robin and ring hash are understood by both through the lb_policy enum. Least request, random and Maglev are
/// not implemented by gRPC (it NACKs them, and one NACKed cluster blocks every later CDS update of that client), so
/// they go in load_balancing_policy as a list [wanted, round_robin]: each client takes the first entry it supports
/// (cluster.proto, LoadBalancingPolicy.policies; gRFC A52), so Envoy runs the wanted policy and gRPC round robin.
/// </summary>
internal static class LoadBalancingPolicies
{
    /// <summary>Maglev's default table size (a prime), stated so that the golden files show it.</summary>
    public const ulong MaglevTableSize = 65537;

    public static void Apply(Cluster cluster, LoadBalancingAlgorithm algorithm)
    {
        switch (algorithm)
        {
            case LoadBalancingAlgorithm.RingHash:
                // XX_HASH is the only hash proxyless gRPC accepts; 1024 is Envoy's default minimum ring.
                cluster.LbPolicy = Cluster.Types.LbPolicy.RingHash;
                cluster.RingHashLbConfig = new Cluster.Types.RingHashLbConfig
                {
                    MinimumRingSize = 1024,
                    HashFunction = Cluster.Types.RingHashLbConfig.Types.HashFunction.XxHash,
                };
                break;
            case LoadBalancingAlgorithm.LeastRequest:
                cluster.LoadBalancingPolicy = WithRoundRobinFallback("envoy.load_balancing_policies.least_request", new LeastRequest());
                break;
            case LoadBalancingAlgorithm.Random:
                cluster.LoadBalancingPolicy = WithRoundRobinFallback("envoy.load_balancing_policies.random", new RandomPolicy());
                break;
            case LoadBalancingAlgorithm.Maglev:
                cluster.LoadBalancingPolicy = WithRoundRobinFallback("envoy.load_balancing_policies.maglev", new Maglev { TableSize = MaglevTableSize });
                break;
            default:
                cluster.LbPolicy = Cluster.Types.LbPolicy.RoundRobin;
                break;
        }
    }

    private static LoadBalancingPolicy WithRoundRobinFallback(string name, IMessage wanted) => new()
    {
        Policies =
        {
            Policy(name, wanted),
            Policy("envoy.load_balancing_policies.round_robin", new RoundRobin()),
        },
    };

    private static LoadBalancingPolicy.Types.Policy Policy(string name, IMessage config) => new()
    {
        TypedExtensionConfig = new TypedExtensionConfig { Name = name, TypedConfig = Pack(config) },
    };
}
