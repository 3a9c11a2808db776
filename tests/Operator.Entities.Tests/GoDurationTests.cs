namespace Mesh.Operator.Entities.Tests;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    [InlineData("500ms", 500)]
    [InlineData("2s", 2_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("24h", 86_400_000)]
    [InlineData("1h0m0.25s", 3_600_250)]
    [InlineData("1500us", 1.5)]
    [InlineData("1500µs", 1.5)]
    [InlineData("2000000ns", 2)]
    public void Parses_Go_durations(string text, double milliseconds)
    {
        GoDuration.TryParse(text, out var value).Should().BeTrue();
        value.Should().Be(TimeSpan.FromMilliseconds(milliseconds));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("1d")]
    [InlineData("-1s")]
    [InlineData("+1s")]
    [InlineData("1")]
    [InlineData("s")]
    [InlineData(".s")]
    [InlineData("1h 30m")]
    [InlineData("P1D")]
    [InlineData("99999999999999999h")]
    public void Refuses_what_Go_or_Mesh_does_not_accept(string? text)
    {
        GoDuration.TryParse(text, out _).Should().BeFalse();
    }

    [Fact]
    public void Parse_names_the_field_and_the_fix_when_the_text_is_not_a_duration()
    {
        var parse = () => GoDuration.Parse("1d", "spec.mtls.certificates.duration");

        parse.Should().Throw<FormatException>()
            .WithMessage("spec.mtls.certificates.duration: '1d' is not a duration; write it like 500ms, 2s, 1m30s or 24h.");
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(500, "500ms")]
    [InlineData(90_000, "1m30s")]
    [InlineData(86_400_000, "24h")]
    [InlineData(43_200_000 + 1_500, "12h1.5s")]
    [InlineData(180_000_000, "50h")]
    public void Formats_the_way_Go_prints_without_zero_units(double milliseconds, string expected)
    {
        var value = TimeSpan.FromMilliseconds(milliseconds);

        GoDuration.Format(value).Should().Be(expected);
        GoDuration.TryParse(expected, out var back).Should().BeTrue();
        back.Should().Be(value);
    }
}
