using Mesh.Operator.Entities;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Planning.Rules;

/// <summary>
/// No field silently ignored: a field that some proxy kind cannot honour is named in a warning with that kind and why.
/// Proxyless gRPC workloads (selected pods annotated proxy.mesh.dev/mode: proxyless-grpc) have no Envoy: no rate limit,
/// no access log, no tracing, no Envoy stats, no scoping by egress.services, and gRPC refuses audit-only RBAC; those warnings appear when the
/// namespace runs such pods, and so do the client-side fields gRPC cannot honour (<see cref="ProxylessClientFields"/>:
/// mirror, perTryTimeout, LeastRequest/Random/Maglev, cookie or source-IP hashing). On TCP ports an authorization rule's methods and paths cannot be seen (Allow operations
/// needing them never match; Deny and Audit ignore them); a tracing endpoint that is not host:port leaves tracing off.
/// </summary>
internal sealed class ProxyCapabilityRule : IPolicyRule
{
    public IEnumerable<PlanProblem> Check(PlanContext context)
    {
        var problems = new List<PlanProblem>();
        var spec = context.Policy.Spec;
        if (MeshPolicyDefaults.TracingEnabledOf(spec) && ObservabilityModelBuilder.Endpoint(spec.Observability?.Tracing?.Endpoint) is null)
        {
            problems.Add(new PlanProblem("spec.observability.tracing.endpoint",
                $"\"{spec.Observability?.Tracing?.Endpoint}\" is not host:port with a port from 1 to 65535, so no sidecar sends spans; set a collector address such as zipkin.observability:9411.",
                ConditionReasons.Invalid, ProblemSeverity.Warning));
        }
        problems.AddRange(ProxylessProblems(context));
        for (var i = 0; i < context.Entries.Count; i++)
        {
            if (context.Entries[i].Authorization is { } authz)
            {
                problems.AddRange(TcpOnlyConditions(context, context.Entries[i], authz, $"spec.services[{i}]"));
            }
        }
        return problems;
    }

    private static IEnumerable<PlanProblem> ProxylessProblems(PlanContext context)
    {
        var pods = context.SelectedPods
            .Where(p => p.Metadata.Annotations?.TryGetValue(SidecarContract.ProxyModeAnnotation, out var mode) == true && mode == SidecarContract.ProxyModeProxylessGrpc)
            .Select(p => p.Metadata.Name)
            .ToList();
        if (pods.Count == 0)
        {
            yield break;
        }
        var who = $"proxyless gRPC pods ({string.Join(", ", pods.Take(3))}{(pods.Count > 3 ? $" and {pods.Count - 3} more" : "")})";
        var spec = context.Policy.Spec;
        if (MeshPolicyDefaults.AccessLogEnabledOf(spec))
        {
            yield return Warn("spec.observability.accessLog", $"access logs are written by Envoy sidecars only; {who} write none.");
        }
        if (MeshPolicyDefaults.TracingEnabledOf(spec))
        {
            yield return Warn("spec.observability.tracing", $"tracing is done by Envoy sidecars only; {who} send no spans (gRPC takes no tracer from xDS).");
        }
        if (spec.Observability?.Metrics?.Enabled is true)
        {
            yield return Warn("spec.observability.metrics", $"Envoy stats are served by sidecars on port {SidecarContract.StatsPort}; {who} expose none (use the gRPC library's own metrics).");
        }
        if (spec.Egress?.Services is { Count: > 0 })
        {
            yield return Warn("spec.egress.services", $"the list scopes Envoy sidecars only; {who} are not scoped by it: gRPC asks for each Service it dials, listed or not.");
        }
        foreach (var problem in ProxylessClientFields.Check(context, who))
        {
            yield return problem;
        }
        for (var i = 0; i < context.Entries.Count; i++)
        {
            // Server-side fields matter only where a proxyless pod serves the Service.
            var entry = context.Entries[i];
            var serving = context.ServicesByName.TryGetValue(entry.Name, out var service)
                ? context.PodsOf(service).Select(p => p.Metadata.Name).Where(pods.Contains).ToList()
                : [];
            if (serving.Count == 0)
            {
                continue;
            }
            var servers = $"proxyless gRPC pods ({string.Join(", ", serving.Take(3))}{(serving.Count > 3 ? $" and {serving.Count - 3} more" : "")})";
            if (entry.RateLimit is not null)
            {
                yield return Warn($"spec.services[{i}].rateLimit", $"the limit of Service \"{entry.Name}\" is enforced by each Envoy sidecar (per pod); {servers} serving it do not enforce it.");
            }
            if (entry.Authorization is { } authz && MeshPolicyDefaults.ActionOf(authz) == AuthorizationAction.Audit)
            {
                yield return Warn($"spec.services[{i}].authorization.action", $"Audit is logged by Envoy sidecars only; {servers} serving Service \"{entry.Name}\" cannot audit (gRPC refuses shadow-only RBAC), so their requests are neither logged nor refused by it.");
            }
        }
    }

    private static IEnumerable<PlanProblem> TcpOnlyConditions(PlanContext context, ServicePolicy entry, AuthorizationPolicy authz, string field)
    {
        if (!context.ServicesByName.TryGetValue(entry.Name, out var service))
        {
            yield break;
        }
        var tcpPorts = (service.Spec?.Ports ?? [])
            .Where(p => ProtocolResolver.Resolve(entry.Ports?.FirstOrDefault(x => x.Port == p.Port)?.Protocol, p).Protocol == XdsServer.Model.ServiceProtocol.Tcp)
            .Select(p => p.Port)
            .ToList();
        if (tcpPorts.Count == 0)
        {
            yield break;
        }
        var effect = MeshPolicyDefaults.ActionOf(authz) == AuthorizationAction.Allow
            ? "never admits a connection there"
            : "applies there to every connection of the listed callers";
        for (var r = 0; r < authz.Rules.Count; r++)
        {
            var operations = authz.Rules[r].To ?? [];
            for (var o = 0; o < operations.Count; o++)
            {
                if (operations[o].Methods is { Count: > 0 } || operations[o].Paths is { Count: > 0 })
                {
                    yield return Warn($"{field}.authorization.rules[{r}].to[{o}]",
                        $"methods and paths cannot be seen on TCP port(s) {string.Join(", ", tcpPorts)} of Service \"{entry.Name}\", so this operation {effect}; declare the port protocol HTTP, HTTP2 or GRPC, or drop methods and paths.");
                }
            }
        }
    }

    private static PlanProblem Warn(string field, string message) =>
        new(field, message, ConditionReasons.Valid, ProblemSeverity.Warning);
}
