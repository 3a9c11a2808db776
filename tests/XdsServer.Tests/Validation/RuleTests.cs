using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mesh.XdsServer.Validation;
using Validate;

namespace Mesh.XdsServer.Tests.Validation;

/// <summary>Rules the compiled envoy protos do not use (or use rarely), checked on the compiled rule directly.</summary>
public sealed class RuleTests
{
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<string> Run(ValueRule rule, object value)
    {
        var context = new ValidationContext("M", new FixedTime(Now));
        context.Push(PathSegment.Field("F"));
        rule.Check(value, context);
        return context.Errors;
    }

    [Theory]
    [InlineData("reviews.default.svc.cluster.local", true)]
    [InlineData("a-b.c.", true)]
    [InlineData("-bad.example", false)]
    [InlineData("under_score.example", false)]
    [InlineData("", false)]
    public void Hostname_follows_rfc_1034(string value, bool valid) =>
        Run(new StringRule(new StringRules { Hostname = true }), value).Should().HaveCount(valid ? 0 : 1);

    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("1", false)]
    [InlineData("010.0.0.1", false)]
    [InlineData("[::1]", false)]
    [InlineData("fe80::1%eth0", false)]
    public void Ip_accepts_only_plain_literals(string value, bool valid) =>
        Run(new StringRule(new StringRules { Ip = true }), value).Should().HaveCount(valid ? 0 : 1);

    [Theory]
    [InlineData("backend.local", true)]
    [InlineData("192.168.1.1", true)]
    [InlineData("not a host", false)]
    public void Address_is_a_hostname_or_an_ip(string value, bool valid) =>
        Run(new StringRule(new StringRules { Address = true }), value).Should()
            .Equal(valid ? [] : ["invalid M.F: value must be a valid hostname, or ip address"]);

    [Fact]
    public void Strict_header_names_reject_spaces_and_loose_ones_only_nul_cr_lf()
    {
        Run(new StringRule(new StringRules { WellKnownRegex = KnownRegex.HttpHeaderName }), "x bad").Should().ContainSingle();
        Run(new StringRule(new StringRules { WellKnownRegex = KnownRegex.HttpHeaderName, Strict = false }), "x bad").Should().BeEmpty();
        Run(new StringRule(new StringRules { WellKnownRegex = KnownRegex.HttpHeaderValue }), "tab\tok").Should().BeEmpty();
        Run(new StringRule(new StringRules { WellKnownRegex = KnownRegex.HttpHeaderValue }), "bell\a").Should().ContainSingle();
    }

    [Fact]
    public void String_affixes_lengths_and_lists_each_report_their_own_error()
    {
        var rule = new StringRule(new StringRules
        {
            Prefix = "outbound|", Suffix = ".local", Contains = "||", NotContains = "..", MaxBytes = 5, In = { "a" }, NotIn = { "b" },
        });

        Run(rule, "in..x").Should().Equal(
            "invalid M.F: value does not have prefix \"outbound|\"",
            "invalid M.F: value does not have suffix \".local\"",
            "invalid M.F: value does not contain substring \"||\"",
            "invalid M.F: value contains substring \"..\"",
            "invalid M.F: value must be in list [\"a\"]");
    }

    [Fact]
    public void String_length_counts_characters_not_utf16_units_and_ignore_empty_skips()
    {
        Run(new StringRule(new StringRules { MaxLen = 1 }), "😀").Should().BeEmpty();
        Run(new StringRule(new StringRules { MinBytes = 5 }), "😀").Should().Equal("invalid M.F: value length must be at least 5 bytes");
        Run(new StringRule(new StringRules { MinLen = 2, MaxLen = 4 }), "a").Should()
            .Equal("invalid M.F: value length must be between 2 and 4 characters, inclusive");
        Run(new StringRule(new StringRules { MinLen = 3, IgnoreEmpty = true }), "").Should().BeEmpty();
    }

    [Fact]
    public void An_upper_bound_below_the_lower_one_excludes_the_band_between()
    {
        var rule = new NumberRule<int>(null, 10, null, 20, null, [], []);

        Run(rule, 15).Should().Equal("invalid M.F: value must be outside range [10, 20]");
        Run(rule, 5).Should().BeEmpty();
        Run(rule, 25).Should().BeEmpty();
    }

    [Fact]
    public void Number_const_and_lists_are_checked()
    {
        var rule = new NumberRule<ulong>(7, null, null, null, null, [7, 8], [7]);

        Run(rule, 8UL).Should().Equal("invalid M.F: value must equal 7");
        Run(rule, 7UL).Should().Equal("invalid M.F: value must not be in list [7]");
        Run(rule, 9UL).Should().Equal(
            "invalid M.F: value must equal 7", "invalid M.F: value must be in list [7 8]");
    }

    [Fact]
    public void Durations_print_like_go_and_compare_by_value()
    {
        var rule = DurationRule.Create(new DurationRules { Lte = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(1500)) })!;

        Run(rule, Duration.FromTimeSpan(TimeSpan.FromSeconds(2))).Should().Equal("invalid M.F: value must be less than or equal to 1.5s");
        Run(rule, Duration.FromTimeSpan(TimeSpan.FromSeconds(1))).Should().BeEmpty();
        Run(rule, new Duration { Seconds = 1, Nanos = -1 }).Should().Equal("invalid M.F: value is not a valid duration");
        RuleText.Duration(TimeSpan.FromMinutes(90)).Should().Be("1h30m0s");
        RuleText.Duration(TimeSpan.FromMilliseconds(250)).Should().Be("250ms");
    }

    [Fact]
    public void Timestamps_are_checked_against_bounds_and_the_injected_clock()
    {
        var rule = TimestampRule.Create(new TimestampRules { GtNow = true, Within = Duration.FromTimeSpan(TimeSpan.FromHours(1)) })!;

        Run(rule, Timestamp.FromDateTimeOffset(Now.AddMinutes(30))).Should().BeEmpty();
        Run(rule, Timestamp.FromDateTimeOffset(Now.AddMinutes(-30))).Should().Equal("invalid M.F: value must be greater than now");
        Run(rule, Timestamp.FromDateTimeOffset(Now.AddHours(2))).Should().Equal("invalid M.F: value must be within 1h0m0s of now");

        var bounded = TimestampRule.Create(new TimestampRules { Lt = Timestamp.FromDateTimeOffset(Now) })!;
        Run(bounded, Timestamp.FromDateTimeOffset(Now)).Should().ContainSingle().Which.Should().StartWith("invalid M.F: value must be less than 2026-11-25");
    }

    [Fact]
    public void Any_type_urls_are_checked_against_in_and_not_in()
    {
        var rule = AnyRule.Create(new AnyRules { In = { "type.googleapis.com/a.A" } })!;

        Run(rule, new Any { TypeUrl = "type.googleapis.com/b.B" }).Should()
            .Equal("invalid M.F: type URL must be in set [\"type.googleapis.com/a.A\"]");
    }

    [Fact]
    public void Bytes_prefix_and_ip_length_are_checked()
    {
        var rule = new BytesRule(new BytesRules { Prefix = ByteString.CopyFromUtf8("ab"), Ipv4 = true });

        Run(rule, ByteString.CopyFromUtf8("abcd")).Should().BeEmpty();
        Run(rule, ByteString.CopyFromUtf8("xyz")).Should().Equal(
            "invalid M.F: value does not have prefix \"ab\"", "invalid M.F: value must be a valid IPv4 address");
    }

    [Theory]
    [InlineData("^a$", @"^a\z")]
    [InlineData(@"^[$]\$$", @"^[$]\$\z")]
    [InlineData(@"^[]$]x$", @"^[]$]x\z")]
    public void Re2_end_anchors_become_end_of_text(string re2, string dotnet) => Re2Pattern.Translate(re2).Should().Be(dotnet);
}
