using System.Globalization;
using Mesh.Operator.Entities;

namespace Mesh.Meshctl.Describe;

/// <summary>One-line renderings of policy rules for describe (what a reader needs, not every default).</summary>
internal static class PolicyText
{
    public static string Route(RouteRule route, string service)
    {
        var match = route.Match is null ? "every request" : Match(route.Match);
        var backends = string.Join(", ", route.Backends.Select(b =>
            $"{b.Service ?? service}{(b.Subset is null ? "" : "/" + b.Subset)}{(b.Port is { } p ? ":" + p.ToString(CultureInfo.InvariantCulture) : "")} {MeshPolicyDefaults.WeightOf(route, b)}%"));
        var extras = new List<string>();
        if (route.Timeout is { } timeout)
        {
            extras.Add($"timeout {timeout}");
        }
        if (route.Retries is { } retries)
        {
            extras.Add($"{MeshPolicyDefaults.AttemptsOf(retries)} retries");
        }
        if (route.Fault is { } fault)
        {
            extras.Add($"fault{(fault.Delay is null ? "" : " delay")}{(fault.Abort is null ? "" : " abort")}");
        }
        if (route.Mirror is not null)
        {
            extras.Add("mirror");
        }
        return $"route {route.Name}: {match} -> {backends}{(extras.Count == 0 ? "" : $" ({string.Join(", ", extras)})")}";
    }

    private static string Match(RouteMatch match)
    {
        var parts = new List<string>();
        if (match.Path is { } path)
        {
            parts.Add(path.Exact is not null ? $"path {path.Exact}" : path.Prefix is not null ? $"path {path.Prefix.TrimEnd('/')}/*" : $"path ~{path.Regex}");
        }
        foreach (var header in match.Headers ?? [])
        {
            parts.Add(header.Exact is not null ? $"{header.Name}={header.Exact}"
                : header.Prefix is not null ? $"{header.Name}={header.Prefix}*"
                : header.Regex is not null ? $"{header.Name}~{header.Regex}"
                : $"{header.Name} present");
        }
        if (match.Methods is { Count: > 0 } methods)
        {
            parts.Add(string.Join("|", methods));
        }
        return parts.Count == 0 ? "every request" : string.Join(", ", parts);
    }

    public static string Rule(AuthorizationRule rule)
    {
        var from = rule.From is { Count: > 0 } sources
            ? string.Join(" or ", sources.Select(s => s.ServiceAccount is not null ? $"serviceaccount {s.Namespace ?? "(same)"}/{s.ServiceAccount}" : $"namespace {s.Namespace}"))
            : "anyone";
        var to = rule.To is { Count: > 0 } operations
            ? string.Join(" or ", operations.Select(o => string.Join(" ", new[]
            {
                o.Methods is { Count: > 0 } m ? string.Join("|", m) : null,
                o.Paths is { Count: > 0 } p ? string.Join(",", p) : null,
                o.Ports is { Count: > 0 } ports ? "port " + string.Join(",", ports) : null,
            }.Where(x => x is not null)) is { Length: > 0 } text ? text : "any request"))
            : "any request";
        return $"from {from} to {to}";
    }
}
