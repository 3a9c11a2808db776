using Mesh.Operator.Entities;
using Model = Mesh.XdsServer.Model;

namespace Mesh.Operator.Planning;

/// <summary>Maps one policy route to the mesh model, resolving every default (the spec is never defaulted in place).</summary>
internal static class RouteModelBuilder
{
    public static Model.MeshRoute Build(RouteRule route, string ns, string field) => new()
    {
        Name = route.Name,
        Match = route.Match is { } match ? BuildMatch(match) : null,
        Backends = route.Backends.Select(b => new Model.RouteBackend
        {
            Subset = b.Subset,
            Service = b.Service,
            Namespace = b.Service is null ? null : ns,
            Port = b.Port,
            Weight = MeshPolicyDefaults.WeightOf(route, b),
        }).ToList(),
        Timeout = MeshPolicyDefaults.TimeoutOf(route, field),
        Retries = route.Retries is { } retries ? BuildRetries(retries, field) : null,
        Fault = route.Fault is { } fault ? BuildFault(fault, field) : null,
        Mirror = route.Mirror is { } mirror ? new Model.MirrorPolicy
        {
            Subset = mirror.Subset,
            Service = mirror.Service,
            Namespace = mirror.Service is null ? null : ns,
            Port = mirror.Port,
            Percent = MeshPolicyDefaults.PercentOf(mirror),
        } : null,
        SourceField = field,
    };

    private static Model.RouteMatch BuildMatch(RouteMatch match) => new()
    {
        Headers = (match.Headers ?? []).Select(h => new Model.HeaderMatch
        {
            Name = h.Name,
            Exact = h.Exact,
            Prefix = h.Prefix,
            Regex = h.Regex,
            Present = h.Present,
        }).ToList(),
        Path = match.Path is { } path ? new Model.PathMatch { Exact = path.Exact, Prefix = path.Prefix, Regex = path.Regex } : null,
        Methods = (match.Methods ?? []).Select(m => m.ToString()).ToList(),
    };

    private static Model.RetryPolicy BuildRetries(RetryPolicy retries, string field) => new()
    {
        Attempts = MeshPolicyDefaults.AttemptsOf(retries),
        PerTryTimeout = retries.PerTryTimeout is { } perTry ? GoDuration.Parse(perTry, field + ".retries.perTryTimeout") : null,
        RetryOn = MeshPolicyDefaults.RetryOnOf(retries),
        BudgetPercent = MeshPolicyDefaults.BudgetPercentOf(retries),
    };

    private static Model.FaultPolicy BuildFault(FaultInjection fault, string field) => new()
    {
        Delay = fault.Delay is { } delay
            ? new Model.FaultDelay { Percent = delay.Percent, Duration = GoDuration.Parse(delay.Duration, field + ".fault.delay.duration") }
            : null,
        Abort = fault.Abort is { } abort ? new Model.FaultAbort { Percent = abort.Percent, HttpStatus = abort.HttpStatus, GrpcStatus = abort.GrpcStatus } : null,
    };
}
