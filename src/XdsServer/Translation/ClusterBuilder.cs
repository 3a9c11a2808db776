using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Extensions.Upstreams.Http.V3;
using Mesh.XdsServer.Model;
using static Mesh.XdsServer.Translation.ProtoHelpers;
using EnvoyEndpoint = Envoy.Config.Endpoint.V3.Endpoint;
using HttpProtocolOptions = Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptions;

namespace Mesh.XdsServer.Translation;

/// <summary>
/// CDS: one EDS cluster per service port and per subset (<c>outbound|port|subset|host</c>), plus, for sidecars, the
/// passthrough/blackhole clusters, external hosts and the inbound clusters. (istio cluster_builder.go)
/// </summary>
internal static class ClusterBuilder
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    public static IReadOnlyList<Cluster> Build(TranslationContext context)
    {
        // The visible services' clusters, distinct and ordered by name, are shared by every proxy that sees the same
        // services (built once per config, not once per proxy); each proxy adds its few own clusters to them.
        var outbound = context.Shared.OutboundClusters(
            new OutboundClustersKey(!context.IsSidecar, context.HasCertificates, context.DependencyKey), () => Outbound(context));
        if (!context.IsSidecar)
        {
            return outbound.Ordered;
        }

        // Proxyless clients NACK STATIC and ORIGINAL_DST clusters; only sidecars get these.
        var own = new List<Cluster>
        {
            context.Shared.Cluster(XdsNames.PassthroughCluster, null, Passthrough),
            context.Shared.Cluster(XdsNames.BlackHoleCluster, null, BlackHole),
            context.Shared.Cluster(XdsNames.InboundPassthroughCluster, null, InboundPassthrough),
        };
        foreach (var host in context.Egress.Hosts)
        {
            var name = XdsNames.OutboundCluster(host.Port, null, host.Host);
            own.Add(context.Shared.Cluster(name, host, () => External(name, host)));
        }
        if (context.Index.Model.ObservabilityFor(context.Scope.Namespace).Tracing is { } tracing)
        {
            var name = TelemetryBuilder.CollectorCluster(tracing);
            own.Add(context.Shared.Cluster(name, tracing, () => Collector(name, tracing)));
        }
        foreach (var port in InboundPorts(context))
        {
            var name = XdsNames.InboundCluster(port.EffectiveTargetPort);
            own.Add(context.Shared.Cluster(name, port, () => Inbound(name, port)));
        }

        // As if all were listed services first, then these, and made distinct by name (the first wins), then ordered.
        var extra = own.Where(c => !outbound.Names.Contains(c.Name)).DistinctBy(c => c.Name).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        return Merge(outbound.Ordered, extra);
    }

    private static OutboundClusters Outbound(TranslationContext context)
    {
        var clusters = new List<Cluster>();
        foreach (var service in context.Visible)
        {
            clusters.AddRange(context.Shared.ServiceClusters(service, proxyless: !context.IsSidecar, clientTls: context.HasCertificates));
        }
        var ordered = clusters.DistinctBy(c => c.Name).OrderBy(c => c.Name, StringComparer.Ordinal).ToArray();
        return new OutboundClusters(ordered, ordered.Select(c => c.Name).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Two lists ordered by name with no name in both, merged in order.</summary>
    private static Cluster[] Merge(IReadOnlyList<Cluster> a, List<Cluster> b)
    {
        var merged = new Cluster[a.Count + b.Count];
        int i = 0, j = 0, k = 0;
        while (i < a.Count || j < b.Count)
        {
            merged[k++] = j >= b.Count || (i < a.Count && string.CompareOrdinal(a[i].Name, b[j].Name) < 0) ? a[i++] : b[j++];
        }
        return merged;
    }

    /// <summary>The served ports of a sidecar, one per target port (the first service's protocol wins on a clash).</summary>
    public static IEnumerable<ServicePort> InboundPorts(TranslationContext context) =>
        context.Inbound.SelectMany(s => s.Ports).DistinctBy(p => p.EffectiveTargetPort).OrderBy(p => p.EffectiveTargetPort);

    /// <summary>
    /// The outbound clusters of a service. Proxyless clients only speak gRPC, so they get the HTTP ports only, and their
    /// clusters differ from the sidecars' in the transport socket alone (<see cref="UpstreamTlsBuilder"/>), as do the
    /// clusters of a caller without certificates (<paramref name="clientTls"/> false: plaintext everywhere).
    /// </summary>
    public static IReadOnlyList<Cluster> BuildServiceClusters(ModelIndex index, MeshService service, bool proxyless, bool clientTls)
    {
        var clusters = new List<Cluster>();
        foreach (var port in service.Ports.Where(p => p.IsHttp || !proxyless))
        {
            clusters.Add(Outbound(index, service, port, null, proxyless, clientTls));
            foreach (var subset in service.Subsets)
            {
                clusters.Add(Outbound(index, service, port, subset.Name, proxyless, clientTls));
            }
        }
        return clusters;
    }

    private static Cluster Outbound(ModelIndex index, MeshService service, ServicePort port, string? subset, bool proxyless, bool clientTls)
    {
        var name = XdsNames.OutboundCluster(port.Port, subset, service.Host);
        var cluster = new Cluster
        {
            Name = name,
            Type = Cluster.Types.DiscoveryType.Eds,
            EdsClusterConfig = new Cluster.Types.EdsClusterConfig { EdsConfig = Ads(), ServiceName = name },
            ConnectTimeout = Duration(ConnectTimeout),
        };
        LoadBalancingPolicies.Apply(cluster, service.LoadBalancing.Algorithm);
        if (port.IsHttp2)
        {
            cluster.TypedExtensionProtocolOptions.Add(XdsNames.HttpProtocolOptionsKey, Pack(Http2Options()));
        }
        var budget = index.RetryBudget(name);
        if (service.CircuitBreaker is not null || budget is not null)
        {
            cluster.CircuitBreakers = CircuitBreakers(service.CircuitBreaker ?? new CircuitBreakerPolicy(), budget);
        }
        if (service.OutlierDetection is { } outlier)
        {
            cluster.OutlierDetection = OutlierDetection(outlier);
        }
        if (clientTls)
        {
            UpstreamTlsBuilder.Apply(cluster, service, port, subset, service.TrustDomain ?? index.Model.TrustDomain, proxyless);
        }
        return cluster;
    }

    private static HttpProtocolOptions Http2Options() => new()
    {
        ExplicitHttpConfig = new HttpProtocolOptions.Types.ExplicitHttpConfig { Http2ProtocolOptions = new Http2ProtocolOptions() },
    };

    private static CircuitBreakers CircuitBreakers(CircuitBreakerPolicy policy, double? budgetPercent)
    {
        var thresholds = new CircuitBreakers.Types.Thresholds
        {
            Priority = RoutingPriority.Default,
            MaxConnections = (uint)policy.MaxConnections,
            MaxPendingRequests = (uint)policy.MaxPendingRequests,
            MaxRequests = (uint)policy.MaxRequests,
            MaxRetries = (uint)policy.MaxRetries,
        };
        if (budgetPercent is { } budget)
        {
            // A budget replaces max_retries in Envoy; min concurrency 3 keeps low-traffic services retrying (Envoy's default).
            thresholds.RetryBudget = new CircuitBreakers.Types.Thresholds.Types.RetryBudget
            {
                BudgetPercent = new Envoy.Type.V3.Percent { Value = budget },
                MinRetryConcurrency = 3,
            };
        }
        return new CircuitBreakers { Thresholds = { thresholds } };
    }

    private static OutlierDetection OutlierDetection(OutlierDetectionPolicy policy)
    {
        var detection = new OutlierDetection
        {
            Consecutive5Xx = (uint)policy.Consecutive5xx,
            Interval = Duration(policy.Interval),
            BaseEjectionTime = Duration(policy.BaseEjectionTime),
            MaxEjectionPercent = (uint)policy.MaxEjectionPercent,
        };
        if (policy.FailurePercentageThreshold is { } threshold)
        {
            detection.FailurePercentageThreshold = (uint)threshold;
            detection.EnforcingFailurePercentage = 100;
        }
        return detection;
    }

    private static Cluster Passthrough() => new()
    {
        Name = XdsNames.PassthroughCluster,
        Type = Cluster.Types.DiscoveryType.OriginalDst,
        LbPolicy = Cluster.Types.LbPolicy.ClusterProvided,
        ConnectTimeout = Duration(ConnectTimeout),
    };

    private static Cluster BlackHole() => new()
    {
        Name = XdsNames.BlackHoleCluster,
        Type = Cluster.Types.DiscoveryType.Static,
        ConnectTimeout = Duration(ConnectTimeout),
    };

    private static Cluster InboundPassthrough() => new()
    {
        Name = XdsNames.InboundPassthroughCluster,
        Type = Cluster.Types.DiscoveryType.OriginalDst,
        LbPolicy = Cluster.Types.LbPolicy.ClusterProvided,
        ConnectTimeout = Duration(ConnectTimeout),
        // Istio binds to 127.0.0.6 so that the forwarded connection is not captured again by the inbound rules.
        UpstreamBindConfig = new BindConfig { SourceAddress = SocketAddress("127.0.0.6", 0).SocketAddress },
    };

    /// <summary>
    /// An external host. A DNS name: LOGICAL_DNS to that name. A wildcard (<c>*.example.com</c>) cannot be resolved:
    /// as Istio does for a wildcard ServiceEntry (resolution NONE), the connection goes on to the address the app
    /// resolved itself (ORIGINAL_DST), after the listener checked the SNI or Host against the wildcard. (A dynamic
    /// forward proxy would resolve the SNI instead and so refuse an SNI that lies about the address, but needs
    /// extensions our protos do not carry; docs name the trade-off.)
    /// </summary>
    private static Cluster External(string name, EgressHost host) => host.Host.StartsWith("*.", StringComparison.Ordinal)
        ? new Cluster
        {
            Name = name,
            Type = Cluster.Types.DiscoveryType.OriginalDst,
            LbPolicy = Cluster.Types.LbPolicy.ClusterProvided,
            ConnectTimeout = Duration(ConnectTimeout),
        }
        : new Cluster
        {
            Name = name,
            Type = Cluster.Types.DiscoveryType.LogicalDns,
            DnsLookupFamily = Cluster.Types.DnsLookupFamily.V4Only,
            ConnectTimeout = Duration(ConnectTimeout),
            LoadAssignment = StaticAssignment(name, host.Host, host.Port),
        };

    /// <summary>The tracing collector, resolved by DNS (a Service name or an external host), plaintext HTTP.</summary>
    private static Cluster Collector(string name, TracingPolicy tracing) => new()
    {
        Name = name,
        Type = Cluster.Types.DiscoveryType.LogicalDns,
        DnsLookupFamily = Cluster.Types.DnsLookupFamily.V4Only,
        ConnectTimeout = Duration(ConnectTimeout),
        LoadAssignment = StaticAssignment(name, tracing.Host, tracing.Port),
    };

    private static Cluster Inbound(string name, ServicePort port)
    {
        // The app is reached on loopback; the proxy's own traffic (uid 1337) is not captured again.
        var cluster = new Cluster
        {
            Name = name,
            Type = Cluster.Types.DiscoveryType.Static,
            ConnectTimeout = Duration(ConnectTimeout),
            LoadAssignment = StaticAssignment(name, "127.0.0.1", port.EffectiveTargetPort),
        };
        if (port.IsHttp2)
        {
            cluster.TypedExtensionProtocolOptions.Add(XdsNames.HttpProtocolOptionsKey, Pack(Http2Options()));
        }
        return cluster;
    }

    private static ClusterLoadAssignment StaticAssignment(string name, string address, int port) => new()
    {
        ClusterName = name,
        Endpoints =
        {
            new LocalityLbEndpoints
            {
                LbEndpoints = { new LbEndpoint { Endpoint = new EnvoyEndpoint { Address = SocketAddress(address, port) } } },
            },
        },
    };
}
