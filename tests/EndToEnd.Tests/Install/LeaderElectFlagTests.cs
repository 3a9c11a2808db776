using Mesh.Operator.Hosting;

namespace Mesh.EndToEnd.Tests.Install;

/// <summary>--leader-elect, the flag the manager Deployment passes (CommandLine).</summary>
public sealed class LeaderElectFlagTests
{
    [Theory]
    [InlineData(new string[0], true)]
    [InlineData(new[] { "--leader-elect" }, true)]
    [InlineData(new[] { "--leader-elect=true" }, true)]
    [InlineData(new[] { "--leader-elect=false" }, false)]
    public void Leader_election_is_on_unless_turned_off(string[] args, bool expected)
    {
        var command = CommandLine.Parse(args);
        command.Errors.Should().BeEmpty();
        command.LeaderElect.Should().Be(expected);
    }

    [Fact]
    public void A_value_that_is_not_a_boolean_is_an_error_naming_the_flag()
    {
        var command = CommandLine.Parse(["--leader-elect=maybe", "--xds-port=x"]);
        command.Errors.Should().Contain("--leader-elect 'maybe' is not a boolean: give true or false.")
            .And.HaveCount(2, "every mistake is reported at once");
    }
}
