using System.Reflection;
using System.Text.RegularExpressions;
using Mesh.Meshctl.Analysis;
using Mesh.Operator.Planning;

namespace Mesh.Meshctl.Tests;

/// <summary>docs/analyze.md lists every code meshctl can print, each once, with a fix; and no code twice in the constants.</summary>
public sealed partial class DocumentedCodeTests
{
    [Fact]
    public void Every_code_is_documented_once_with_a_fix_and_the_docs_list_no_other()
    {
        var codes = Constants(typeof(ProblemCodes)).Concat(Constants(typeof(DiagnosticCodes))).ToList();
        var rows = File.ReadAllLines(MeshctlRun.Repo("docs", "analyze.md"))
            .Select(l => Row().Match(l))
            .Where(m => m.Success)
            .ToList();

        codes.Should().OnlyHaveUniqueItems();
        rows.Select(m => m.Groups[1].Value).Should().BeEquivalentTo(codes);
        rows.Should().OnlyContain(m => m.Groups[2].Value.Trim().Length > 10, "each code has a fix column");
    }

    private static IEnumerable<string> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!);

    // | MESH0103 | Warning | what | fix |
    [GeneratedRegex(@"^\| (MESH\d{4}) \|[^|]*\|[^|]*\|([^|]*)\|$")]
    private static partial Regex Row();
}
