using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.Fault.V3;
using Mesh.XdsServer.Model;
using static Mesh.XdsServer.Translation.ProtoHelpers;
using CommonFault = Envoy.Extensions.Filters.Common.Fault.V3;
using RetryPolicy = Envoy.Config.Route.V3.RetryPolicy;

namespace Mesh.XdsServer.Translation;

/// <summary>Builds one Envoy route from one model route: destinations, timeout, retries, mirror, hashing, fault.</summary>
internal static class RouteActionBuilder
{
    private static readonly TimeSpan RetryBaseInterval = TimeSpan.FromMilliseconds(25);

    public static Route Build(ModelIndex index, MeshService service, ServicePort port, MeshRoute route, bool proxyless, ProxyCapabilities? capabilities = null)
    {
        var result = new Route { Name = route.Name, Match = RouteMatchBuilder.Build(route.Match, proxyless, capabilities) };
        var destinations = route.Backends.Count == 0
            ? [(new ResolvedDestination(service, port, null), 100)]
            : route.Backends
                .Select(b => (Destination: index.Resolve(service, port, b.Service, b.Namespace, b.Subset, b.Port), b.Weight))
                .Where(d => d.Destination is not null && d.Weight > 0)
                .Select(d => (d.Destination!, d.Weight))
                .ToList();
        if (destinations.Count == 0)
        {
            // Every backend is unresolvable (the planner reports which): fail the matching requests rather than
            // letting them fall through to a later route the user did not choose.
            result.DirectResponse = new DirectResponseAction { Status = 503 };
            return result;
        }
        var action = new RouteAction();
        if (destinations.Count == 1)
        {
            action.Cluster = destinations[0].Item1.ClusterName;
        }
        else
        {
            var weighted = new WeightedCluster();
            foreach (var (destination, weight) in destinations)
            {
                weighted.Clusters.Add(new WeightedCluster.Types.ClusterWeight { Name = destination.ClusterName, Weight = (uint)weight });
            }
            action.WeightedClusters = weighted;
        }
        // Istio disables Envoy's 15 s default: a route without a timeout has none.
        action.Timeout = Duration(route.Timeout ?? TimeSpan.Zero);
        if (route.Timeout is { } timeout && (proxyless || port.Protocol == ServiceProtocol.Grpc))
        {
            // Proxyless gRPC reads only max_stream_duration; for streaming gRPC it bounds the whole stream.
            action.MaxStreamDuration = new RouteAction.Types.MaxStreamDuration { MaxStreamDuration_ = Duration(timeout) };
        }
        if (route.Retries is { } retries)
        {
            action.RetryPolicy = Retry(retries);
        }
        if (route.Mirror is { } mirror
            && index.Resolve(service, port, mirror.Service, mirror.Namespace, mirror.Subset, mirror.Port) is { } target)
        {
            action.RequestMirrorPolicies.Add(new RouteAction.Types.RequestMirrorPolicy
            {
                Cluster = target.ClusterName,
                RuntimeFraction = new Envoy.Config.Core.V3.RuntimeFractionalPercent { DefaultValue = Fraction(mirror.Percent) },
            });
        }
        if (HashPolicy(service.LoadBalancing) is { } hash)
        {
            action.HashPolicy.Add(hash);
        }
        result.Route_ = action;
        if (route.Fault is { } fault && Fault(fault) is { } httpFault)
        {
            result.TypedPerFilterConfig.Add(XdsNames.FaultFilter, Pack(httpFault));
        }
        return result;
    }

    /// <summary>The route when a service has no routes: all of it, on the same port.</summary>
    public static Route Default(ModelIndex index, MeshService service, ServicePort port, bool proxyless, ProxyCapabilities? capabilities = null) =>
        Build(index, service, port, new MeshRoute { Name = "default" }, proxyless, capabilities);

    public static RouteAction.Types.HashPolicy? HashPolicy(LoadBalancingPolicy policy)
    {
        if (policy.Algorithm is not (LoadBalancingAlgorithm.RingHash or LoadBalancingAlgorithm.Maglev) || policy.HashOn is not { } on)
        {
            return null;
        }
        if (on.Header is { } header)
        {
            return new() { Header = new RouteAction.Types.HashPolicy.Types.Header { HeaderName = header } };
        }
        if (on.Cookie is { } cookie)
        {
            var hash = new RouteAction.Types.HashPolicy.Types.Cookie { Name = cookie, Path = "/" };
            if (on.CookieTtl is { } ttl)
            {
                hash.Ttl = Duration(ttl);
            }
            return new() { Cookie = hash };
        }
        return on.SourceIp
            ? new() { ConnectionProperties = new RouteAction.Types.HashPolicy.Types.ConnectionProperties { SourceIp = true } }
            : null;
    }

    private static RetryPolicy Retry(Model.RetryPolicy retries)
    {
        var on = retries.RetryOn.Count == 0 ? Model.RetryPolicy.DefaultRetryOn : retries.RetryOn;
        var policy = new RetryPolicy
        {
            RetryOn = string.Join(',', on),
            NumRetries = (uint)Math.Max(0, retries.Attempts),
            RetryBackOff = new RetryPolicy.Types.RetryBackOff
            {
                BaseInterval = Duration(RetryBaseInterval),
                MaxInterval = Duration(RetryBaseInterval * 10),
            },
        };
        if (retries.PerTryTimeout is { } perTry)
        {
            policy.PerTryTimeout = Duration(perTry);
        }
        return policy;
    }

    private static HTTPFault? Fault(FaultPolicy fault)
    {
        if (fault.Delay is null && fault.Abort is null)
        {
            return null;
        }
        var result = new HTTPFault();
        if (fault.Delay is { } delay)
        {
            result.Delay = new CommonFault.FaultDelay { FixedDelay = Duration(delay.Duration), Percentage = Fraction(delay.Percent) };
        }
        if (fault.Abort is { } abort)
        {
            result.Abort = new Envoy.Extensions.Filters.Http.Fault.V3.FaultAbort { Percentage = Fraction(abort.Percent) };
            if (abort.GrpcStatus is { } grpc)
            {
                result.Abort.GrpcStatus = (uint)grpc;
            }
            else
            {
                result.Abort.HttpStatus = (uint)(abort.HttpStatus ?? 503);
            }
        }
        return result;
    }
}
