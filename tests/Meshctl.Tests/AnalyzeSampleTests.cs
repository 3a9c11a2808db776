using System.Text.Json;

namespace Mesh.Meshctl.Tests;

/// <summary>
/// <c>meshctl analyze -f</c> on config/samples: every valid sample is clean (exit 0), and every sample of
/// config/samples/invalid is reported at the field expectations.yaml names, with a code of its own, as an error (exit
/// 2) or, where the file says warning, a warning (exit 1). The whole output of each is a golden file.
/// </summary>
public sealed class AnalyzeSampleTests
{
    // The shop's workloads: what the invalid samples (all in namespace shop) are meant to be planned against.
    private static readonly string[] ShopWorkloads = ["details.yaml", "productpage.yaml", "ratings.yaml", "reviews.yaml"];

    public static TheoryData<string> ValidSamples() => new("shop", "payments", "batch", "legacy");

    public static TheoryData<string> InvalidSamples()
    {
        var data = new TheoryData<string>();
        foreach (var c in InvalidSampleCase.Cases.Where(c => !c.Pending))
        {
            data.Add(c.File);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ValidSamples))]
    public async Task A_valid_sample_folder_analyzes_clean(string sample)
    {
        var result = await MeshctlRun.RunAsync("analyze", "-f", MeshctlRun.Repo("config", "samples", sample));

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Be("✔ No problems found in 1 MeshPolicy object.\n");
        result.Stderr.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(InvalidSamples))]
    public async Task An_invalid_sample_is_reported_at_its_field_with_a_code_of_its_own(string file)
    {
        var expected = InvalidSampleCase.Cases.Single(c => c.File == file);

        var result = await AnalyzeAgainstShop(expected, "-o", "json");

        result.ExitCode.Should().Be(expected.Warning ? 1 : 2, result.ToString());
        var findings = JsonSerializer.Deserialize<List<Dictionary<string, string>>>(result.Stdout)!;
        var name = Path.GetFileNameWithoutExtension(file);
        var mine = findings.Where(f => f["name"] == name).ToList();
        mine.Should().Contain(f => f["field"] == expected.Field || f["field"].StartsWith(expected.Field + ".", StringComparison.Ordinal),
            $"{file} must be reported at {expected.Field}; got:\n{result.Stdout}");
        mine.Should().OnlyContain(f => f["code"] != "MESH0100", "every finding has a code of its own (docs/analyze.md)");
        mine.Should().OnlyContain(f => f["severity"] == (expected.Warning ? "Warning" : "Error"));
        var codePrefix = expected.Catcher == "planner" ? "MESH01" : "MESH00";
        mine.Should().OnlyContain(f => f["code"].StartsWith(codePrefix, StringComparison.Ordinal), $"{expected.Catcher} problems are {codePrefix}xx");
    }

    [Theory]
    [MemberData(nameof(InvalidSamples))]
    public async Task An_invalid_sample_prints_the_same_lines_as_before(string file)
    {
        var result = await AnalyzeAgainstShop(InvalidSampleCase.Cases.Single(c => c.File == file));

        Golden.Verify(Path.Combine("invalid", Path.ChangeExtension(file, ".txt")), result.ToString());
    }

    [Fact]
    public async Task Json_output_is_an_array_of_the_documented_fields()
    {
        var result = await MeshctlRun.RunAsync("analyze", "-o", "json", "-f", MeshctlRun.Repo("config", "samples", "invalid", "regex-not-re2.yaml"));

        var findings = JsonSerializer.Deserialize<List<Dictionary<string, string>>>(result.Stdout)!;
        findings.Should().NotBeEmpty();
        findings.Should().OnlyContain(f => f.Keys.Order().SequenceEqual(new[] { "code", "field", "kind", "message", "name", "namespace", "severity" }));
        Golden.Verify("regex-not-re2.json", result.Stdout);
    }

    [Fact]
    public async Task A_clean_run_prints_an_empty_json_array()
    {
        var result = await MeshctlRun.RunAsync("analyze", "-o", "json", "-f", MeshctlRun.Repo("config", "samples", "payments"));

        result.ExitCode.Should().Be(0);
        result.Stdout.Trim().Should().Be("[]");
    }

    private static Task<MeshctlResult> AnalyzeAgainstShop(InvalidSampleCase sample, params string[] extra)
    {
        var args = new List<string> { "analyze" };
        var shop = ShopWorkloads.Concat(sample.WithShopPolicy ? ["01-meshpolicy.yaml"] : []);
        foreach (var f in shop)
        {
            args.AddRange(["-f", MeshctlRun.Repo("config", "samples", "shop", f)]);
        }
        args.AddRange(["-f", MeshctlRun.Repo("config", "samples", "invalid", sample.File)]);
        args.AddRange(extra);
        return MeshctlRun.RunAsync([.. args]);
    }
}
