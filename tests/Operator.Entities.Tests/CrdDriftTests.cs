using Mesh.CrdGen;
using Mesh.Testing;

namespace Mesh.Operator.Entities.Tests;

public sealed class CrdDriftTests
{
    [Fact]
    public void The_committed_MeshPolicy_CRD_equals_what_CrdGen_generates_from_the_types()
    {
        var path = Path.Combine(RepoPaths.Crd, CrdGenerator.MeshPolicyFileName);
        File.Exists(path).Should().BeTrue($"{RepoPaths.Relative(path)} must be committed; run: {CrdGenerator.RegenerateCommand}");

        var committed = File.ReadAllText(path).ReplaceLineEndings("\n");
        var generated = CrdGenerator.GenerateMeshPolicyCrd();

        if (committed != generated)
        {
            Assert.Fail(
                $"{RepoPaths.Relative(path)} differs from the C# types in src/Operator.Entities " +
                $"(- committed, + generated). Regenerate with: {CrdGenerator.RegenerateCommand}\n" +
                TextDiff.FirstDifference(committed, generated));
        }
    }

    [Fact]
    public void Generating_twice_gives_the_same_text()
    {
        CrdGenerator.GenerateMeshPolicyCrd().Should().Be(CrdGenerator.GenerateMeshPolicyCrd());
    }

    [Fact]
    public void The_diff_in_a_drift_failure_shows_the_changed_lines_with_line_numbers()
    {
        var diff = TextDiff.FirstDifference("a\nb\nc\nd", "a\nb\nX\nd");

        diff.Should().Contain("    3 - c").And.Contain("    3 + X").And.Contain("    2   b").And.NotContain("- d");
    }
}
