using System.Globalization;
using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.Injection;
using Mesh.Operator.Planning;

namespace Mesh.Meshctl.Describe;

/// <summary>
/// What governs one pod, from the live objects of its namespace (pure): the policy that selects it (the injector's
/// rule: oldest first), its sidecar state, the Services it backs, the authorization and limits its inbound side
/// enforces, the routes its outbound side applies, and its mTLS mode.
/// </summary>
internal static class PodDescriber
{
    public static void Write(TextWriter output, V1Pod pod, IReadOnlyList<MeshPolicy> policies, IReadOnlyList<V1Service> services)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(pod);
        var ns = pod.Metadata.NamespaceProperty;
        var selecting = GoverningPolicy.Selecting(pod.Metadata.Labels, policies).ToList();
        var policy = selecting.FirstOrDefault();
        output.WriteLine($"Pod:        {pod.Metadata.Name}.{ns}");
        output.WriteLine($"Policy:     {(policy is null ? $"none (no MeshPolicy in {ns} selects its labels)" : $"{ns}/{policy.Metadata.Name}")}");
        foreach (var ignored in selecting.Skip(1))
        {
            output.WriteLine($"            {ns}/{ignored.Metadata.Name} selects it too but is newer: it does not govern this pod");
        }
        var (state, detail) = SidecarState.Of(pod, policy);
        output.WriteLine($"Sidecar:    {state}: {detail}");
        var spec = policy?.Spec ?? new MeshPolicySpec();
        output.WriteLine($"mTLS:       {(policy is null ? "none (no sidecar config)" : Mtls(MeshPolicyDefaults.MtlsModeOf(spec)))}");

        var backed = services.Where(s => s.Spec?.Selector is { Count: > 0 } selector && selector.All(kv => pod.Metadata.Labels?.TryGetValue(kv.Key, out var v) == true && v == kv.Value))
            .OrderBy(s => s.Metadata.Name, StringComparer.Ordinal).ToList();
        output.WriteLine($"Services:   {(backed.Count == 0 ? "none (no Service selects its labels)" : string.Join(", ", backed.Select(Ports)))}");
        if (policy is null)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine($"Inbound (enforced by this pod's sidecar; requests no rule decides: {MeshPolicyDefaults.DefaultAuthorizationOf(spec)}):");
        var servicePolicies = spec.Services ?? [];
        var inbound = 0;
        foreach (var service in backed)
        {
            if (servicePolicies.FirstOrDefault(p => p.Name == service.Metadata.Name) is not { } sp)
            {
                continue;
            }
            if (sp.Authorization is { } authorization)
            {
                var action = MeshPolicyDefaults.ActionOf(authorization);
                foreach (var rule in authorization.Rules)
                {
                    output.WriteLine($"  {sp.Name}: {action} {PolicyText.Rule(rule)}");
                    inbound++;
                }
            }
            if (sp.RateLimit is { } limit)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {sp.Name}: rate limit {limit.RequestsPerSecond}/s, burst {MeshPolicyDefaults.BurstOf(limit)}"));
                inbound++;
            }
        }
        if (inbound == 0)
        {
            output.WriteLine("  no rule: the default decides");
        }

        output.WriteLine();
        output.WriteLine("Outbound (applied by this pod's sidecar when it calls these Services):");
        var outbound = 0;
        foreach (var sp in servicePolicies.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            foreach (var route in sp.Routes ?? [])
            {
                output.WriteLine($"  {sp.Name}: {PolicyText.Route(route, sp.Name)}");
                outbound++;
            }
            if (sp.Routes is not { Count: > 0 })
            {
                output.WriteLine($"  {sp.Name}: default route, {MeshPolicyDefaults.AlgorithmOf(sp)} load balancing");
                outbound++;
            }
        }
        if (outbound == 0)
        {
            output.WriteLine("  no Service in the policy: plain passthrough");
        }
    }

    private static string Mtls(MtlsMode mode) => mode switch
    {
        MtlsMode.Strict => "Strict (inbound plaintext refused; meshed clients send mTLS)",
        MtlsMode.Disabled => "Disabled (plaintext between sidecars; no workload certificates)",
        _ => "Permissive (inbound accepts mTLS and plaintext; meshed clients send mTLS)",
    };

    private static string Ports(V1Service service) =>
        $"{service.Metadata.Name} ({string.Join(", ", (service.Spec?.Ports ?? []).Select(p => p.Port.ToString(CultureInfo.InvariantCulture) + (p.AppProtocol is { } ap ? "/" + ap : "")))})";
}
