using Mesh.Operator.Capture;
using Mesh.Operator.Tests.Certificates;

namespace Mesh.Operator.Tests.Capture;

public sealed class CaptureRulesTests
{
    [Fact]
    public void Default_rules_match_the_golden_file()
    {
        var text = CaptureRules.RestoreInput(CaptureRules.Build(new CaptureOptions()), "");

        GoldenFile.Match(GoldenFile.TestData("default.rules"), text);
    }

    [Fact]
    public void Rules_with_every_option_match_the_golden_file()
    {
        var options = Parse(
            "--proxy-uid", "2000", "--inbound-port", "16006", "--outbound-port", "16001",
            "--include-inbound-ports", "8080,9090,15021", "--exclude-inbound-ports", "9090",
            "--exclude-outbound-ports", "22,443", "--include-outbound-ip-ranges", "10.0.0.0/8,172.16.0.0/12",
            "--exclude-outbound-ip-ranges", "10.96.0.1/32");

        var text = CaptureRules.RestoreInput(CaptureRules.Build(options), "");

        GoldenFile.Match(GoldenFile.TestData("all-options.rules"), text);
    }

    [Fact]
    public void Reserved_ports_are_always_excluded_from_inbound_capture_before_the_redirect()
    {
        var rules = CaptureRules.Build(new CaptureOptions());

        var exclusion = rules.Single(r => r.StartsWith("-A MESH_INBOUND", StringComparison.Ordinal) && r.EndsWith("-j RETURN", StringComparison.Ordinal));
        exclusion.Should().Contain("15000,15001,15006,15020,15021,15090");
        rules.ToList().IndexOf(exclusion).Should().BeLessThan(rules.ToList().IndexOf("-A MESH_INBOUND -p tcp -j MESH_IN_REDIRECT"));
    }

    [Fact]
    public void An_empty_inbound_port_list_installs_no_inbound_capture()
    {
        var rules = CaptureRules.Build(Parse("--include-inbound-ports="));

        rules.Should().NotContain(r => r.Contains("PREROUTING", StringComparison.Ordinal) || r.StartsWith("-A MESH_INBOUND", StringComparison.Ordinal));
        rules.Should().Contain("-A MESH_OUTPUT -j MESH_REDIRECT");
    }

    [Fact]
    public void An_empty_outbound_range_list_redirects_nothing_outbound()
    {
        var rules = CaptureRules.Build(Parse("--include-outbound-ip-ranges", ""));

        rules.Should().NotContain(r => r.StartsWith("-A MESH_OUTPUT", StringComparison.Ordinal) && r.EndsWith("-j MESH_REDIRECT", StringComparison.Ordinal));
        rules.Should().Contain(CaptureRules.PreroutingJump);
    }

    [Fact]
    public void More_than_fifteen_excluded_ports_are_split_across_multiport_rules()
    {
        var ports = string.Join(',', Enumerable.Range(20000, 20));

        var rules = CaptureRules.Build(Parse("--exclude-outbound-ports", ports));

        var exclusions = rules.Where(r => r.StartsWith("-A MESH_OUTPUT -p tcp -m multiport --dports", StringComparison.Ordinal)).ToList();
        exclusions.Should().HaveCount(2);
        exclusions[0].Split(' ')[7].Split(',').Should().HaveCount(15);
        exclusions[1].Should().Contain("20015,20016,20017,20018,20019");
    }

    [Fact]
    public void Restore_input_leaves_out_jumps_that_are_already_installed()
    {
        var rules = CaptureRules.Build(new CaptureOptions());
        const string existing = """
            *nat
            :PREROUTING ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :MESH_INBOUND - [0:0]
            -A PREROUTING -p tcp -j MESH_INBOUND
            -A OUTPUT -p tcp -j MESH_OUTPUT
            COMMIT
            """;

        var first = CaptureRules.RestoreInput(rules, "");
        var rerun = CaptureRules.RestoreInput(rules, existing);

        first.Should().Contain(CaptureRules.PreroutingJump).And.Contain(CaptureRules.OutputJump);
        rerun.Should().NotContain(CaptureRules.PreroutingJump).And.NotContain(CaptureRules.OutputJump);
        rerun.Should().Contain(":MESH_OUTPUT - [0:0]", "declaring our chains again flushes them, so the rerun rewrites them whole");
        rerun.Should().StartWith("*nat\n").And.EndWith("COMMIT\n");
    }

    private static CaptureOptions Parse(params string[] args)
    {
        var (options, errors, _) = CaptureArguments.Parse(args);
        errors.Should().BeEmpty();
        return options!;
    }
}
