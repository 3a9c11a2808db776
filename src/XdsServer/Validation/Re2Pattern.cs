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
    public static Regex Compile(string pattern)
    {
        var translated = Translate(pattern);
        try
        {
            // Linear-time matching, like RE2: a pattern can never blow up on a hostile value.
            return new Regex(translated, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            return new Regex(translated, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
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
