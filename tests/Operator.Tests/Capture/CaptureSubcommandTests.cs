using Mesh.Operator.Hosting;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Tests.Capture;

public sealed class CaptureSubcommandTests
{
    [Fact]
    public void Capture_hands_every_following_argument_to_its_own_parser()
    {
        var command = CommandLine.Parse([SidecarContract.CaptureCommand, "--dry-run", "--kubeconfig", "x"]);

        command.CaptureArgs.Should().Equal("--dry-run", "--kubeconfig", "x");
        command.Errors.Should().BeEmpty("capture's own parser judges its arguments");
    }

    [Fact]
    public void Without_capture_there_are_no_capture_arguments()
    {
        CommandLine.Parse(["local"]).CaptureArgs.Should().BeNull();
        CommandLine.Parse([]).CaptureArgs.Should().BeNull();
    }
}
