using System.Globalization;
using System.Text.RegularExpressions;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Status;

namespace Mesh.XdsServer.Server;

/// <summary>
/// Finds which resources of a rejected response a proxy's error is about. Envoy names them ("Error adding/updating
/// listener(s) X: ..."); gRPC's xDS clients cite their position ("resource index 3: ..."), which only the stream that
/// sent the response can turn back into a name.
/// </summary>
internal static partial class RejectedResourceNames
{
    public static IReadOnlyList<string> Find(string error, IReadOnlyList<CachedResource> sent)
    {
        if (string.IsNullOrEmpty(error) || sent.Count == 0)
        {
            return [];
        }

        var names = new List<string>();
        foreach (Match match in ResourceIndex().Matches(error))
        {
            if (int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index < sent.Count && !names.Contains(sent[index].Name))
            {
                names.Add(sent[index].Name);
            }
        }
        if (names.Count > 0)
        {
            return names;
        }

        // Longest first, so that "outbound|80||a.b" is not also reported for "outbound|80|v1|a.b".
        foreach (var resource in sent.OrderByDescending(r => r.Name.Length))
        {
            if (ResourceNameMatch.Contains(error, resource.Name) && !names.Any(n => n.Contains(resource.Name, StringComparison.Ordinal)))
            {
                names.Add(resource.Name);
            }
        }
        return names;
    }

    [GeneratedRegex(@"resource index (\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex ResourceIndex();
}
