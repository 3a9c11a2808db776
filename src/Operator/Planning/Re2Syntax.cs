using System.Text.RegularExpressions;

namespace Mesh.Operator.Planning;

/// <summary>
/// Envoy compiles safe_regex with Google RE2. RE2 refuses what needs backtracking (backreferences, lookaround,
/// atomic groups, possessive quantifiers, conditionals), so a regex that .NET accepts may still be NACKed by every proxy.
/// This check finds those constructs before the config is built. Reference: github.com/google/re2/wiki/Syntax ("NOT SUPPORTED").
/// </summary>
internal static partial class Re2Syntax
{
    /// <summary>Returns null when RE2 would compile <paramref name="pattern"/>, else why not.</summary>
    public static string? Check(string pattern)
    {
        if (Lookaround().IsMatch(pattern))
        {
            return "uses lookahead or lookbehind, which RE2 (Envoy's regex engine) does not support";
        }
        if (pattern.Contains("(?>", StringComparison.Ordinal))
        {
            return "uses an atomic group (?>...), which RE2 does not support";
        }
        if (pattern.Contains("(?(", StringComparison.Ordinal))
        {
            return "uses a conditional (?(...)...), which RE2 does not support";
        }
        if (Backreference().IsMatch(pattern))
        {
            return "uses a backreference, which RE2 does not support";
        }
        if (Possessive().IsMatch(pattern))
        {
            return "uses a possessive quantifier (*+, ++, ?+), which RE2 does not support";
        }
        if (pattern.Contains("\\Z", StringComparison.Ordinal) || pattern.Contains("\\G", StringComparison.Ordinal))
        {
            return @"uses \Z or \G, which RE2 does not support (use \z or $)";
        }
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException e)
        {
            return $"is not a valid regular expression ({e.Message})";
        }

        return null;
    }

    [GeneratedRegex(@"(?<!\\)\(\?<?[=!]")]
    private static partial Regex Lookaround();

    [GeneratedRegex(@"(?<!\\)\\([1-9]|k<)")]
    private static partial Regex Backreference();

    [GeneratedRegex(@"(?<!\\)[*+?}]\+")]
    private static partial Regex Possessive();
}
