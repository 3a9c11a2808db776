using Mesh.Operator.Hosting;

namespace Mesh.Operator.Tests.Runtime;

public sealed class CommandLineTests
{
    [Fact]
    public void Parses_local_mode_with_every_option()
    {
        var command = CommandLine.Parse(["local", "--kubeconfig", "/tmp/k", "--xds-port=15011", "--http-port", "0", "--apply", "a.yaml", "--apply", "samples/"]);

        command.Errors.Should().BeEmpty();
        command.Local.Should().BeTrue();
        command.Kubeconfig.Should().Be("/tmp/k");
        command.XdsPort.Should().Be(15011);
        command.HttpPort.Should().Be(0);
        command.Apply.Should().Equal("a.yaml", "samples/");
    }

    [Fact]
    public void Parses_the_mtls_xds_port_in_both_modes_and_refuses_a_bad_one()
    {
        CommandLine.Parse(["local", "--xds-tls-port", "0"]).XdsTlsPort.Should().Be(0);
        CommandLine.Parse(["--xds-tls-port=15012"]).XdsTlsPort.Should().Be(15012);
        CommandLine.Parse([]).XdsTlsPort.Should().BeNull("null means the contract's 15012");
        CommandLine.Parse(["--xds-tls-port", "x"]).Errors.Should().Contain(e => e.Contains("--xds-tls-port 'x' is not a port", StringComparison.Ordinal));
    }

    [Fact]
    public void Parses_the_deployments_exact_arguments_and_leader_election_both_ways()
    {
        var command = CommandLine.Parse(["--http-port=8080", "--xds-tls-port=15012", "--webhook-port=9443", "--leader-elect=true"]);

        command.Errors.Should().BeEmpty();
        (command.HttpPort, command.XdsTlsPort, command.WebhookPort, command.LeaderElect).Should().Be((8080, 15012, 9443, true));
        CommandLine.Parse(["--leader-elect=false"]).LeaderElect.Should().BeFalse();
        CommandLine.Parse(["--leader-elect"]).LeaderElect.Should().BeTrue();
        CommandLine.Parse([]).LeaderElect.Should().BeTrue("leader election is on unless turned off");
        CommandLine.Parse(["--webhook-cert-dir", "/certs"]).WebhookCertDir.Should().Be("/certs");
    }

    [Fact]
    public void Help_is_recognised_for_the_root_and_for_local_and_names_the_options()
    {
        CommandLine.Parse(["--help"]).Help.Should().BeTrue();
        CommandLine.Parse(["local", "--help"]).Help.Should().BeTrue();
        CommandLine.Parse(["--version"]).Help.Should().BeTrue("--version prints and exits, it never starts the operator");
        var output = new StringWriter();
        CommandLine.WriteHelp(["local"], output);
        output.ToString().Should().Contain("--apply").And.Contain("--xds-tls-port").And.Contain("embedded Kubernetes API");
    }

    [Fact]
    public void Cluster_mode_needs_no_arguments()
    {
        var command = CommandLine.Parse([]);

        command.Local.Should().BeFalse();
        command.Errors.Should().BeEmpty();
    }

    [Fact]
    public void Reports_every_mistake_at_once()
    {
        var command = CommandLine.Parse(["--xds-port", "70000", "--bogus", "--apply", "x.yaml", "--kubeconfig"]);

        command.Errors.Should().HaveCount(4);
        command.Errors.Should().Contain(e => e.Contains("--xds-port '70000' is not a port"));
        command.Errors.Should().Contain(e => e.Contains("'--bogus'"));
        command.Errors.Should().Contain(e => e.Contains("--apply works only in local mode"));
        command.Errors.Should().Contain(e => e.Contains("'--kubeconfig'"));
    }
}
