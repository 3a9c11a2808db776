using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using k8s.Models;
using Mesh.Operator.Entities;

namespace Mesh.Operator.Injection;

/// <summary>
/// A policy's sidecar settings with every default resolved: what the injector builds from, and what its
/// <see cref="Hash"/> covers. The hash is written on every injected pod; WorkloadsReady compares it with the current
/// one, so anything that changes what a pod gets must be a member here (or bump <see cref="Version"/>).
/// </summary>
public sealed record SidecarTemplate
{
    /// <summary>Bumped whenever the injector's output changes for the same inputs (new field, new flag): pods then show as outdated.</summary>
    public const int Version = 1;

    /// <summary>The MeshPolicy whose sidecar this is.</summary>
    public required string PolicyName { get; init; }

    /// <summary>The proxy image.</summary>
    public required string ProxyImage { get; init; }

    /// <summary>The capture init container's image.</summary>
    public required string OperatorImage { get; init; }

    /// <summary>True: a KEP-753 native sidecar (init container with restartPolicy Always); false: a regular container.</summary>
    public bool Native { get; init; } = true;

    /// <summary>The proxy's resource requests (cpu and memory always present).</summary>
    public IReadOnlyDictionary<string, string> Requests { get; init; } = new Dictionary<string, string>();

    /// <summary>The proxy's resource limits (none by default).</summary>
    public IReadOnlyDictionary<string, string> Limits { get; init; } = new Dictionary<string, string>();

    /// <summary>The policy's template, every default applied.</summary>
    public static SidecarTemplate For(MeshPolicy policy, InjectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(options);
        var spec = policy.Spec ?? new MeshPolicySpec();
        return new SidecarTemplate
        {
            PolicyName = policy.Metadata.Name,
            ProxyImage = MeshPolicyDefaults.SidecarImageOf(spec, options.DefaultProxyImage),
            OperatorImage = options.OperatorImage,
            Native = MeshPolicyDefaults.NativeSidecarOf(spec),
            Requests = Quantities(MeshPolicyDefaults.SidecarRequestsOf(spec)),
            Limits = Quantities(spec.Workloads?.Sidecar?.Resources?.Limits),
        };
    }

    /// <summary>16 hex digits of SHA-256 over the canonical JSON of every member and <see cref="Version"/>.</summary>
    public string Hash => ComputeHash();

    private string ComputeHash()
    {
        var canonical = new JsonObject
        {
            ["version"] = Version,
            ["policy"] = PolicyName,
            ["proxyImage"] = ProxyImage,
            ["operatorImage"] = OperatorImage,
            ["native"] = Native,
            ["requests"] = Sorted(Requests),
            ["limits"] = Sorted(Limits),
        };
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToJsonString())))[..16];
    }

    private static JsonObject Sorted(IReadOnlyDictionary<string, string> values)
    {
        var json = new JsonObject();
        foreach (var (key, value) in values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            json[key] = value;
        }
        return json;
    }

    private static Dictionary<string, string> Quantities(IEnumerable<KeyValuePair<string, ResourceQuantity>>? quantities) =>
        (quantities ?? []).ToDictionary(kv => kv.Key, kv => kv.Value.ToString() ?? "", StringComparer.Ordinal);

    /// <summary>The members as a stable string (diagnostics and golden files).</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{PolicyName}: {ProxyImage}, native={Native}, requests={string.Join(",", Requests.Select(r => r.Key + "=" + r.Value))}, hash={Hash}");
}
