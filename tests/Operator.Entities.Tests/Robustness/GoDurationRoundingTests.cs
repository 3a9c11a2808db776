namespace Mesh.Operator.Entities.Tests.Robustness;

/// <summary>
/// Found by the property tests (seed 9bJeBFEDB4B1): "1ns" passed the CRD's "greater than 0s" reading but became
/// TimeSpan.Zero, and Envoy refuses a zero outlier interval or fault delay. A positive duration stays positive.
/// </summary>
public sealed class GoDurationRoundingTests
{
    [Theory]
    [InlineData("1ns")]
    [InlineData("49ns")]
    [InlineData("0.001us")]
    public void A_positive_duration_below_a_tick_is_one_tick_not_zero(string text)
    {
        GoDuration.TryParse(text, out var value).Should().BeTrue();
        value.Should().Be(TimeSpan.FromTicks(1));
    }

    [Theory]
    [InlineData("0ns")]
    [InlineData("0s")]
    [InlineData("0")]
    public void Zero_stays_zero(string text)
    {
        GoDuration.TryParse(text, out var value).Should().BeTrue();
        value.Should().Be(TimeSpan.Zero);
    }
}
