using Mesh.LocalCluster.Tables;

namespace Mesh.LocalCluster.Tests.Unit;

public sealed class HumanDurationTests
{
    [Theory]
    [InlineData(5, "5s")]
    [InlineData(119, "119s")]
    [InlineData(150, "2m30s")]
    [InlineData(600, "10m")]
    [InlineData(3 * 3600 + 60, "3h1m")]
    [InlineData(10 * 3600, "10h")]
    [InlineData(3 * 86400 + 3600, "3d1h")]
    [InlineData(30 * 86400, "30d")]
    public void Formats_ages_like_kubectl(int seconds, string expected) =>
        HumanDuration.Format(TimeSpan.FromSeconds(seconds)).Should().Be(expected);
}
