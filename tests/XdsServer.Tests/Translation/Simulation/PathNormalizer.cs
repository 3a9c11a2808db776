using System.Text;

namespace Mesh.XdsServer.Tests.Translation.Simulation;

/// <summary>
/// What an Envoy HCM with our path settings does to a request path before routes and RBAC see it (test-only model of
/// Envoy's header_utility/path_utility): the fragment is dropped (url_path never holds it), %2F and %5C (escaped
/// slashes) refuse the request with 400 (REJECT_REQUEST), normalize_path decodes escaped unreserved characters,
/// turns backslashes into slashes and resolves dot segments (RFC 3986 section 6), and merge_slashes collapses runs
/// of slashes. Returns null when the request is refused.
/// </summary>
internal static class PathNormalizer
{
    public static string? Normalize(string rawPath)
    {
        var path = rawPath.Split('#')[0].Split('?')[0];
        if (path.Contains("%2F", StringComparison.OrdinalIgnoreCase) || path.Contains("%5C", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        path = DecodeUnreserved(path).Replace('\\', '/');
        path = RemoveDotSegments(path);
        while (path.Contains("//", StringComparison.Ordinal))
        {
            path = path.Replace("//", "/", StringComparison.Ordinal);
        }
        return path;
    }

    private static string DecodeUnreserved(string path)
    {
        var text = new StringBuilder();
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] == '%' && i + 2 < path.Length && Uri.IsHexDigit(path[i + 1]) && Uri.IsHexDigit(path[i + 2]))
            {
                var c = (char)Convert.ToInt32(path.Substring(i + 1, 2), 16);
                if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~')
                {
                    text.Append(c);
                    i += 2;
                    continue;
                }
            }
            text.Append(path[i]);
        }
        return text.ToString();
    }

    /// <summary>RFC 3986 section 5.2.4 on the segments; the result always starts with a slash.</summary>
    private static string RemoveDotSegments(string path)
    {
        var output = new List<string>();
        var segments = path.Split('/');
        for (var i = 1; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            if (segment == ".")
            {
                if (last)
                {
                    output.Add("");
                }
                continue;
            }
            if (segment == "..")
            {
                if (output.Count > 0)
                {
                    output.RemoveAt(output.Count - 1);
                }
                if (last)
                {
                    output.Add("");
                }
                continue;
            }
            output.Add(segment);
        }
        return "/" + string.Join('/', output);
    }
}
