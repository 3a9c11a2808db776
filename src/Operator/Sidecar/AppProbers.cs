using System.Text.Json;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Sidecar;

/// <summary>
/// The <see cref="SidecarContract.AppProbersAnnotation"/> value: a JSON object from the rewritten probe path
/// (<c>/app-health/&lt;container&gt;/livez|readyz|startupz</c>) to the original probe, e.g.
/// <c>{"/app-health/web/livez":{"port":8080,"path":"/healthz","scheme":"HTTP"}}</c>.
/// </summary>
internal static class AppProbers
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The rewritten probe path of a container's probe kind (<c>livez</c>, <c>readyz</c>, <c>startupz</c>).</summary>
    public static string PathOf(string container, string kind) => $"{SidecarContract.AppHealthPrefix}{container}/{kind}";

    public static string Serialize(IReadOnlyDictionary<string, AppProber> probers) =>
        JsonSerializer.Serialize(new SortedDictionary<string, AppProber>(probers.ToDictionary(), StringComparer.Ordinal), Json);

    /// <summary>The probers, or the reason the annotation cannot be used.</summary>
    public static (IReadOnlyDictionary<string, AppProber>? Probers, string? Error) Parse(string annotation)
    {
        Dictionary<string, AppProber>? probers;
        try
        {
            probers = JsonSerializer.Deserialize<Dictionary<string, AppProber>>(annotation, Json);
        }
        catch (JsonException e)
        {
            return (null, $"{SidecarContract.AppProbersAnnotation} is not a JSON object of path -> {{port, path, scheme}}: {e.Message}");
        }

        var problems = Validate(probers ?? []);
        return problems.Count == 0 ? (probers ?? [], null) : (null, string.Join(" ", problems));
    }

    /// <summary>Every problem at once: paths under /app-health/, ports 1..65535, paths starting with '/', scheme HTTP or HTTPS.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyDictionary<string, AppProber> probers)
    {
        var problems = new List<string>();
        foreach (var (path, prober) in probers.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!path.StartsWith(SidecarContract.AppHealthPrefix, StringComparison.Ordinal) || path.Length == SidecarContract.AppHealthPrefix.Length)
            {
                problems.Add($"'{path}' must start with {SidecarContract.AppHealthPrefix} and name a container.");
            }

            if (prober is null)
            {
                problems.Add($"'{path}' has no probe.");
                continue;
            }

            if (prober.Port is < 1 or > 65535)
            {
                problems.Add($"'{path}': port {prober.Port} is outside 1..65535.");
            }

            if (!prober.Path.StartsWith('/') || prober.Path.Any(char.IsControl))
            {
                problems.Add($"'{path}': path '{prober.Path}' must start with '/' and hold no control characters.");
            }

            foreach (var header in prober.Headers ?? [])
            {
                if (header is null || !IsToken(header.Name) || header.Value is null || header.Value.Any(c => char.IsControl(c) && c != '\t'))
                {
                    problems.Add($"'{path}': header '{header?.Name}' needs a token name and a value without control characters.");
                }
            }

            if (prober.Scheme is not ("HTTP" or "HTTPS"))
            {
                problems.Add($"'{path}': scheme '{prober.Scheme}' is neither HTTP nor HTTPS.");
            }
        }

        return problems;
    }

    // RFC 9110 token characters: what an HTTP header name may hold.
    private static bool IsToken(string? name) =>
        !string.IsNullOrEmpty(name) && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));
}
