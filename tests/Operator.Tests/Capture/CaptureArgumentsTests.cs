using Mesh.Operator.Capture;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Tests.Capture;

public sealed class CaptureArgumentsTests
{
    [Fact]
    public void No_arguments_mean_the_contract_defaults()
    {
        var (options, errors, warnings) = CaptureArguments.Parse([]);

        errors.Should().BeEmpty();
        warnings.Should().BeEmpty();
        options.Should().BeEquivalentTo(new CaptureOptions
        {
            ProxyUid = SidecarContract.ProxyUid,
            ProxyGid = SidecarContract.ProxyGid,
            InboundPort = SidecarContract.InboundCapturePort,
            OutboundPort = SidecarContract.OutboundCapturePort,
        });
        options!.IncludeInboundPorts.Should().BeNull("null means every port");
        options.IncludeOutboundIpRanges.Should().BeNull("null means every address");
    }

    [Fact]
    public void Every_contract_flag_is_understood_in_both_spellings()
    {
        var (options, errors, _) = CaptureArguments.Parse([
            SidecarContract.CaptureFlags.ProxyUid + "=42", SidecarContract.CaptureFlags.InboundPort, "1006",
            SidecarContract.CaptureFlags.OutboundPort, "1001", SidecarContract.CaptureFlags.IncludeInboundPorts, "80, 81",
            SidecarContract.CaptureFlags.ExcludeInboundPorts, "82", SidecarContract.CaptureFlags.ExcludeOutboundPorts, "83,83",
            SidecarContract.CaptureFlags.IncludeOutboundIpRanges, "10.1.2.3/8", SidecarContract.CaptureFlags.ExcludeOutboundIpRanges, "192.0.2.7",
            SidecarContract.CaptureFlags.DryRun]);

        errors.Should().BeEmpty();
        options.Should().BeEquivalentTo(new CaptureOptions
        {
            ProxyUid = 42,
            ProxyGid = 42,
            InboundPort = 1006,
            OutboundPort = 1001,
            IncludeInboundPorts = [80, 81],
            ExcludeInboundPorts = [82],
            ExcludeOutboundPorts = [83],
            IncludeOutboundIpRanges = ["10.0.0.0/8"],
            ExcludeOutboundIpRanges = ["192.0.2.7/32"],
            DryRun = true,
        });
    }

    [Fact]
    public void Every_mistake_is_reported_at_once()
    {
        var (options, errors, _) = CaptureArguments.Parse([
            "--bogus", "--inbound-port", "0", "--outbound-port", "http", "--exclude-inbound-ports", "80,99999",
            "--include-inbound-ports", "*,80", "--exclude-outbound-ip-ranges", "10.0.0.0/33,not-an-ip", "--proxy-uid"]);

        options.Should().BeNull();
        errors.Should().BeEquivalentTo(
            "Unknown argument '--bogus' for capture; see --help.",
            "--inbound-port '0' is not a number from 1 to 65535.",
            "--outbound-port 'http' is not a number from 1 to 65535.",
            "--exclude-inbound-ports '99999' is not a number from 1 to 65535.",
            "--include-inbound-ports: '*' must stand alone (it means every port).",
            "--exclude-outbound-ip-ranges: '10.0.0.0/33' has a prefix length outside 0..32.",
            "--exclude-outbound-ip-ranges: 'not-an-ip' is not a CIDR such as 10.0.0.0/8.",
            "--proxy-uid needs a value.");
    }

    [Fact]
    public void The_same_port_for_inbound_and_outbound_is_refused()
    {
        var (options, errors, _) = CaptureArguments.Parse(["--inbound-port", "15001"]);

        options.Should().BeNull();
        errors.Should().ContainSingle().Which.Should().Contain("must reach different listeners");
    }

    [Fact]
    public void Ipv6_ranges_are_ignored_with_a_warning()
    {
        var (options, errors, warnings) = CaptureArguments.Parse(["--exclude-outbound-ip-ranges", "fd00::/8,10.0.0.0/8"]);

        errors.Should().BeEmpty();
        options!.ExcludeOutboundIpRanges.Should().Equal("10.0.0.0/8");
        warnings.Should().ContainSingle().Which.Should().Contain("fd00::/8").And.Contain("only IPv4");
    }

    [Fact]
    public void The_injectors_capture_args_from_a_pods_annotations_parse_back_to_the_same_lists()
    {
        var args = Mesh.Operator.Injection.CaptureAnnotations.Arguments(new Dictionary<string, string>
        {
            [SidecarContract.IncludeInboundPortsAnnotation] = "",
            [SidecarContract.ExcludeOutboundPortsAnnotation] = " 5432,6379 ",
            [SidecarContract.IncludeOutboundIpRangesAnnotation] = "10.0.0.0/8",
            [SidecarContract.ExcludeOutboundIpRangesAnnotation] = "10.96.0.10/32",
            [SidecarContract.ExcludeInboundPortsAnnotation] = "9000",
            ["unrelated"] = "x",
        }, [8081]);

        args[0].Should().Be("capture");
        var (options, errors, _) = CaptureArguments.Parse(args.Skip(1).ToList());
        errors.Should().BeEmpty();
        options!.IncludeInboundPorts.Should().BeEmpty("an empty annotation means no inbound capture");
        options.ExcludeInboundPorts.Should().Equal(9000, 8081);
        options.ExcludeOutboundPorts.Should().Equal(5432, 6379);
        options.IncludeOutboundIpRanges.Should().Equal("10.0.0.0/8");
        options.ExcludeOutboundIpRanges.Should().Equal("10.96.0.10/32");
    }

    [Fact]
    public void Without_annotations_the_injector_captures_every_inbound_port()
    {
        var args = Mesh.Operator.Injection.CaptureAnnotations.Arguments(null, []);
        var (options, errors, _) = CaptureArguments.Parse(args.Skip(1).ToList());
        errors.Should().BeEmpty();
        options!.ProxyUid.Should().Be(SidecarContract.ProxyUid);
        options.IncludeInboundPorts.Should().BeNull("null means every port (*)");
    }
}
