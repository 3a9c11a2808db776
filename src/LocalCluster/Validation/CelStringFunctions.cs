using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Mesh.LocalCluster.Validation;

/// <summary>
/// The cel-go strings extension and Kubernetes regex/url libraries as far as CRD rules commonly use them
/// (github.com/google/cel-go/ext/strings.go; k8s.io/apiserver/pkg/cel/library/regex.go, urls.go).
/// Indexes count Unicode code points, as cel-go does.
/// </summary>
internal static class CelStringFunctions
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    public static object LowerAscii(object?[] args) => Ascii(Str(args[0]), char.ToLowerInvariant);

    public static object UpperAscii(object?[] args) => Ascii(Str(args[0]), char.ToUpperInvariant);

    public static object Trim(object?[] args) => Str(args[0]).Trim();

    public static object Replace(object?[] args)
    {
        var (text, from, to) = (Str(args[0]), Str(args[1]), Str(args[2]));
        var limit = args.Length > 3 ? Convert.ToInt64(args[3], CultureInfo.InvariantCulture) : -1;
        if (limit < 0)
        {
            return text.Replace(from, to, StringComparison.Ordinal);
        }

        var builder = new StringBuilder();
        var start = 0;
        for (var n = 0; n < limit; n++)
        {
            var at = text.IndexOf(from, start, StringComparison.Ordinal);
            if (at < 0)
            {
                break;
            }

            builder.Append(text, start, at - start).Append(to);
            start = at + from.Length;
        }

        return builder.Append(text, start, text.Length - start).ToString();
    }

    public static object Split(object?[] args)
    {
        var (text, separator) = (Str(args[0]), Str(args[1]));
        var limit = args.Length > 2 ? Convert.ToInt32(args[2], CultureInfo.InvariantCulture) : -1;
        if (limit == 0)
        {
            return new List<object?>();
        }

        var parts = separator.Length == 0
            ? text.EnumerateRunes().Select(r => r.ToString()).ToArray()
            : limit > 0 ? text.Split(separator, limit) : text.Split(separator);
        return parts.Cast<object?>().ToList();
    }

    public static object Join(object?[] args)
    {
        var separator = args.Length > 1 ? Str(args[1]) : "";
        return string.Join(separator, CelListFunctions.List(args[0], "join").Cast<object?>().Select(o => o as string ?? throw new InvalidOperationException("no such overload: join")));
    }

    public static object CharAt(object?[] args)
    {
        var runes = Str(args[0]).EnumerateRunes().ToArray();
        var index = Convert.ToInt32(args[1], CultureInfo.InvariantCulture);
        return index == runes.Length ? "" : index < 0 || index > runes.Length ? throw new InvalidOperationException($"index out of range: {index}") : runes[index].ToString();
    }

    public static object Substring(object?[] args)
    {
        var runes = Str(args[0]).EnumerateRunes().Select(r => r.ToString()).ToArray();
        var start = Convert.ToInt32(args[1], CultureInfo.InvariantCulture);
        var end = args.Length > 2 ? Convert.ToInt32(args[2], CultureInfo.InvariantCulture) : runes.Length;
        if (start < 0 || end > runes.Length || start > end)
        {
            throw new InvalidOperationException($"index out of range: {(start < 0 || start > runes.Length ? start : end)}");
        }

        return string.Concat(runes[start..end]);
    }

    /// <summary>indexOf/lastIndexOf on strings (code points) and lists.</summary>
    public static object IndexOf(object?[] args, bool last)
    {
        if (args[0] is not string text)
        {
            return CelListFunctions.IndexOf(args, last);
        }

        var sub = Str(args[1]);
        var offset = args.Length > 2 ? Convert.ToInt32(args[2], CultureInfo.InvariantCulture) : (last ? int.MaxValue : 0);
        var runes = text.EnumerateRunes().Select(r => r.ToString()).ToArray();
        var subLength = sub.EnumerateRunes().Count();
        var candidates = Enumerable.Range(0, Math.Max(0, runes.Length - subLength + 1));
        candidates = last ? candidates.Where(i => i <= offset).Reverse() : candidates.Where(i => i >= offset);
        foreach (var i in candidates)
        {
            if (string.Concat(runes.Skip(i).Take(subLength)) == sub)
            {
                return (long)i;
            }
        }

        return -1L;
    }

    public static object Find(object?[] args)
    {
        var match = Regex.Match(Str(args[0]), Str(args[1]), RegexOptions.None, RegexTimeout);
        return match.Success ? match.Value : "";
    }

    public static object FindAll(object?[] args)
    {
        var matches = Regex.Matches(Str(args[0]), Str(args[1]), RegexOptions.None, RegexTimeout).Select(m => (object?)m.Value);
        return (args.Length > 2 ? matches.Take(Convert.ToInt32(args[2], CultureInfo.InvariantCulture)) : matches).ToList();
    }

    public static object IsUrl(object?[] args) => TryUrl(Str(args[0]), out _);

    public static object Url(object?[] args) =>
        TryUrl(Str(args[0]), out var uri) ? uri : throw new InvalidOperationException($"URL parse error during conversion from string: {Str(args[0])}");

    public static object UrlPart(object?[] args, string part)
    {
        var uri = args[0] as Uri ?? throw new InvalidOperationException($"no such overload: {part}");
        return part switch
        {
            "getScheme" => uri.Scheme,
            "getHost" => uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}",
            "getHostname" => uri.Host.Trim('[', ']'),
            "getPort" => uri.IsDefaultPort && !uri.OriginalString.Contains($":{uri.Port}", StringComparison.Ordinal) ? "" : uri.Port.ToString(CultureInfo.InvariantCulture),
            "getEscapedPath" => uri.AbsolutePath,
            _ => ParseQuery(uri.Query),
        };
    }

    private static Dictionary<string, object?> ParseQuery(string query)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(parts[0]);
            if (!result.TryGetValue(key, out var values))
            {
                values = new List<object?>();
                result[key] = values;
            }

            ((List<object?>)values!).Add(parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
        }

        return result;
    }

    private static bool TryUrl(string text, out Uri uri) =>
        Uri.TryCreate(text, UriKind.Absolute, out uri!) || (text.StartsWith('/') && Uri.TryCreate("http://placeholder" + text, UriKind.Absolute, out uri!));

    private static string Ascii(string text, Func<char, char> map) =>
        string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] < 128 ? map(source[i]) : source[i];
            }
        });

    private static string Str(object? value) => value as string ?? throw new InvalidOperationException("no such overload: expected a string");
}
