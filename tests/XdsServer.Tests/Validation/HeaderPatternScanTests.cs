using Mesh.XdsServer.Validation;

namespace Mesh.XdsServer.Tests.Validation;

/// <summary>The header patterns are checked by character scans: each must answer as the pattern's regex does.</summary>
public sealed class HeaderPatternScanTests
{
    public static TheoryData<string> Patterns => [WellKnownString.HeaderNameStrict, WellKnownString.HeaderValueStrict, WellKnownString.HeaderLoose];

    [Theory]
    [MemberData(nameof(Patterns))]
    public void Every_character_alone_prefixed_and_between_others_gets_the_regex_answer(string pattern)
    {
        var scan = WellKnownString.ScanFor(pattern)!;
        var regex = Re2Pattern.Compile(pattern);
        var differences = new List<string>();
        foreach (var value in Values())
        {
            if (scan(value) != Re2Pattern.IsMatch(regex, value))
            {
                differences.Add(string.Join(" ", value.Select(c => $"U+{(int)c:X4}")));
            }
        }

        differences.Should().BeEmpty();
    }

    [Fact]
    public void Other_patterns_keep_the_regex()
    {
        WellKnownString.ScanFor("^[^?#]+[^?#/]$").Should().BeNull();
    }

    private static IEnumerable<string> Values()
    {
        yield return "";
        yield return ":";
        yield return "::";
        yield return ":authority";
        yield return "x-request-id";
        yield return "trailing\n";
        for (var c = 0; c <= char.MaxValue; c++)
        {
            var one = ((char)c).ToString();
            yield return one;
            yield return ":" + one;
            yield return "a" + one + "b";
        }
    }
}
