using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Mesh.XdsServer.Validation;

/// <summary>
/// Compiles a PGV pattern (RE2 syntax) for .NET. The difference that matters: RE2's <c>$</c> matches only at the end
/// of the text, while .NET's also matches before a final newline, which would let <c>^[^\x00\n\r]*$</c> accept a
/// header value ending in "\n". Unescaped <c>$</c> outside a character class becomes <c>\z</c>.
/// </summary>
internal static class Re2Pattern
{
    // The same few patterns (header names and values) sit on dozens of fields: build each regex once.
    private static readonly ConcurrentDictionary<string, Regex> Compiled = new(StringComparer.Ordinal);

    /// <remarks>
    /// The patterns come from the compiled protos, not from users, and envoy's are anchored character classes that
    /// match in linear time with the default engine; the NonBacktracking engine costs far more to build (seconds for
    /// the whole envoy closure on a busy machine). A timeout still bounds a pathological value.
    /// </remarks>
    public static Regex Compile(string pattern) =>
        Compiled.GetOrAdd(pattern, static p => new Regex(Translate(p), RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(250)));

    /// <summary>A match that gives up (as a non-match) rather than throw when a value takes too long.</summary>
    public static bool IsMatch(Regex regex, string value)
    {
        try
        {
            return regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    internal static string Translate(string pattern)
    {
        var result = new StringBuilder(pattern.Length + 4);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                result.Append(c).Append(pattern[++i]);
                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
            }
            else if (c == '[')
            {
                inClass = true;
                result.Append(c);

                // A ']' right after '[' or '[^' is a literal member, not the end of the class.
                if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                {
                    result.Append(pattern[++i]);
                }

                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    result.Append(pattern[++i]);
                }

                continue;
            }
            else if (c == '$')
            {
                result.Append(@"\z");
                continue;
            }

            result.Append(c);
        }

        return result.ToString();
    }
}
