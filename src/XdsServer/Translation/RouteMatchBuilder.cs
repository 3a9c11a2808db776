using Envoy.Config.Route.V3;
using Envoy.Type.Matcher.V3;
using Mesh.XdsServer.Model;
using RouteMatch = Envoy.Config.Route.V3.RouteMatch;

namespace Mesh.XdsServer.Translation;

/// <summary>
/// Turns a model match into an Envoy RouteMatch (headers, path, methods on <c>:method</c>). Header matchers use
/// string_match for proxies that understand it and the deprecated exact_match, prefix_match and safe_regex_match
/// otherwise (<see cref="ProxyCapabilities.HeaderStringMatch"/>): both mean the same to Envoy and to gRPC.
/// </summary>
internal static class RouteMatchBuilder
{
    public static RouteMatch Build(Model.RouteMatch? match, bool proxyless, ProxyCapabilities? capabilities = null)
    {
        var stringMatch = (capabilities ?? ProxyCapabilities.Full).HeaderStringMatch;
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
            result.Headers.Add(Header(header, stringMatch));
        }
        if (match.Methods.Count == 1)
        {
            result.Headers.Add(Value(new HeaderMatcher { Name = ":method" }, new StringMatcher { Exact = match.Methods[0] }, stringMatch));
        }
        else if (match.Methods.Count > 1)
        {
            var alternatives = string.Join('|', match.Methods.Select(System.Text.RegularExpressions.Regex.Escape));
            result.Headers.Add(Value(new HeaderMatcher { Name = ":method" }, new StringMatcher { SafeRegex = Regex($"^({alternatives})$") }, stringMatch));
        }
        return result;
    }

    /// <summary>Sets the value matcher as string_match, or as the deprecated field of the same kind.</summary>
    private static HeaderMatcher Value(HeaderMatcher matcher, StringMatcher value, bool stringMatch)
    {
        if (stringMatch)
        {
            matcher.StringMatch = value;
            return matcher;
        }
#pragma warning disable CS0612 // The deprecated forms are the point: clients before gRFC A63 know only these.
        switch (value.MatchPatternCase)
        {
            case StringMatcher.MatchPatternOneofCase.Exact:
                matcher.ExactMatch = value.Exact;
                break;
            case StringMatcher.MatchPatternOneofCase.Prefix:
                matcher.PrefixMatch = value.Prefix;
                break;
            case StringMatcher.MatchPatternOneofCase.SafeRegex:
                matcher.SafeRegexMatch = value.SafeRegex;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(value), value.MatchPatternCase, "no deprecated HeaderMatcher field for this StringMatcher");
        }
#pragma warning restore CS0612
        return matcher;
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

    private static HeaderMatcher Header(HeaderMatch header, bool stringMatch)
    {
        var matcher = new HeaderMatcher { Name = header.Name };
        if (header.Exact is { } exact)
        {
            Value(matcher, new StringMatcher { Exact = exact }, stringMatch);
        }
        else if (header.Prefix is { } prefix)
        {
            Value(matcher, new StringMatcher { Prefix = prefix }, stringMatch);
        }
        else if (header.Regex is { } regex)
        {
            Value(matcher, new StringMatcher { SafeRegex = Regex(regex) }, stringMatch);
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
