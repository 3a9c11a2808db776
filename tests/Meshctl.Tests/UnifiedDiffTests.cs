using Mesh.Operator.WhatIf;

namespace Mesh.Meshctl.Tests;

/// <summary>The unified diff what-if prints, against what diff -u prints for the same texts.</summary>
public sealed class UnifiedDiffTests
{
    [Fact]
    public void Equal_texts_have_no_diff() => UnifiedDiff.Create("x", "a\nb\n", "a\nb\n").Should().BeEmpty();

    [Fact]
    public void A_changed_line_comes_with_three_lines_of_context()
    {
        var before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        var after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";

        UnifiedDiff.Create("f", before, after).Should().Be("--- a/f\n+++ b/f\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
    }

    [Fact]
    public void Changes_far_apart_make_two_hunks_and_near_ones_one()
    {
        var before = string.Concat(Enumerable.Range(1, 20).Select(i => $"{i}\n"));
        var far = before.Replace("\n2\n", "\ntwo\n", StringComparison.Ordinal).Replace("\n19\n", "\nnineteen\n", StringComparison.Ordinal);
        var near = before.Replace("\n2\n", "\ntwo\n", StringComparison.Ordinal).Replace("\n6\n", "\nsix\n", StringComparison.Ordinal);

        UnifiedDiff.Create("f", before, far).Split('\n').Count(l => l.StartsWith("@@", StringComparison.Ordinal)).Should().Be(2);
        UnifiedDiff.Create("f", before, near).Should().Contain("@@ -1,9 +1,9 @@\n");
    }

    [Fact]
    public void An_added_file_is_diffed_against_dev_null()
    {
        UnifiedDiff.Create("f", null, "a\nb\n").Should().Be("--- /dev/null\n+++ b/f\n@@ -0,0 +1,2 @@\n+a\n+b\n");
        UnifiedDiff.Create("f", "a\n", null).Should().Be("--- a/f\n+++ /dev/null\n@@ -1 +0,0 @@\n-a\n");
    }

    [Fact]
    public void An_inserted_line_keeps_the_lines_around_it_as_context()
    {
        UnifiedDiff.Create("f", "a\nb\nc\n", "a\nb\nx\nc\n").Should().Be("--- a/f\n+++ b/f\n@@ -1,3 +1,4 @@\n a\n b\n+x\n c\n");
    }
}
