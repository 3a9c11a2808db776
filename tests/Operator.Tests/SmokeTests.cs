namespace Mesh.Operator.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void The_test_project_runs() => (1 + 1).Should().Be(2);
}
