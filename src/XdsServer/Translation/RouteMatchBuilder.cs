using Envoy.Config.Route.V3;
using Envoy.Type.Matcher.V3;
using Mesh.XdsServer.Model;
using RouteMatch = Envoy.Config.Route.V3.RouteMatch;

namespace Mesh.XdsServer.Translation;

/// <summary>Turns a model match into an Envoy RouteMatch (headers with string matchers, path, methods on <c>:method</c>).</summary>
internal static class RouteMatchBuilder
{
    public static RouteMatch Build(Model.RouteMatch? match, bool proxyless)
    {
        var result = new RouteMatch();
        var path = match?.Path;
        if (path?.Exact is { } exact)
        {
            result.Path = exact;
        }
        else if (path?.Regex is { } regex)
        {
            result.SafeRegex = Regex(regex);
        }
        else
        {
            SegmentPrefix(result, path?.Prefix ?? "/", proxyless);
        }
        if (match is null)
        {
            return result;
        }
        foreach (var header in match.Headers)
        {
            result.Headers.Add(Header(header));
        }
        if (match.Methods.Count == 1)
        {
            result.Headers.Add(new HeaderMatcher { Name = ":method", StringMatch = new StringMatcher { Exact = match.Methods[0] } });
        }
        else if (match.Methods.Count > 1)
        {
            var alternatives = string.Join('|', match.Methods.Select(System.Text.RegularExpressions.Regex.Escape));
            result.Headers.Add(new HeaderMatcher { Name = ":method", StringMatch = new StringMatcher { SafeRegex = Regex($"^({alternatives})$") } });
        }
        return result;
    }

    /// <summary>
    /// A prefix on whole segments (<c>/api</c> matches <c>/api</c> and <c>/api/x</c>, never <c>/apix</c>). Sidecars:
    /// path_separated_prefix (Envoy, which also ignores the query). gRPC clients know only prefix, path and
    /// safe_regex, so they get the same set as a full-match regex. A prefix that already ends in <c>/</c> is a plain
    /// prefix (path_separated_prefix refuses a trailing slash).
    /// </summary>
    private static void SegmentPrefix(RouteMatch result, string prefix, bool proxyless)
    {
        if (prefix.EndsWith('/'))
        {
            result.Prefix = prefix;
        }
        else if (proxyless)
        {
            result.SafeRegex = Regex($"{Re2Literal(prefix)}(/.*)?");
        }
        else
        {
            result.PathSeparatedPrefix = prefix;
        }
    }

    /// <summary>Escapes RE2 metacharacters (RE2 and .NET agree on this set).</summary>
    private static string Re2Literal(string text)
    {
        var result = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (@"\.+*?()|[]{}^$".Contains(c, StringComparison.Ordinal))
            {
                result.Append('\\');
            }
            result.Append(c);
        }
        return result.ToString();
    }

    private static HeaderMatcher Header(HeaderMatch header)
    {
        var matcher = new HeaderMatcher { Name = header.Name };
        if (header.Exact is { } exact)
        {
            matcher.StringMatch = new StringMatcher { Exact = exact };
        }
        else if (header.Prefix is { } prefix)
        {
            matcher.StringMatch = new StringMatcher { Prefix = prefix };
        }
        else if (header.Regex is { } regex)
        {
            matcher.StringMatch = new StringMatcher { SafeRegex = Regex(regex) };
        }
        else if (header.Present == false)
        {
            matcher.PresentMatch = true;
            matcher.InvertMatch = true;
        }
        else
        {
            matcher.PresentMatch = true;
        }
        return matcher;
    }

    /// <summary>RE2 (Envoy's only regex engine), full match; Google RE2 is the default engine, so none is named.</summary>
    private static RegexMatcher Regex(string regex) => new() { Regex = regex };
}
