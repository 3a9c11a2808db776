namespace Mesh.Xds.LoadHarness;

/// <summary>Command-line settings: `s1|s2|s4|all [--streams N] [--services N] [--changes N]`.</summary>
internal sealed record HarnessOptions
{
    public required string Scenario { get; init; }

    /// <summary>When given, every scenario runs at this stream count only (instead of its default ladder).</summary>
    public int? Streams { get; init; }

    public int Services { get; init; } = 1000;

    public int EndpointsPerService { get; init; } = 10;

    public int Dependencies { get; init; } = 20;

    public int Changes { get; init; } = 20;

    /// <summary>The server's push debounce: zero, so that timings exclude it (the product default is 100 ms).</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.Zero;

    public static HarnessOptions Parse(string[] args)
    {
        var options = new HarnessOptions { Scenario = args.Length > 0 ? args[0] : "all" };
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--streams" => options with { Streams = value },
                "--services" => options with { Services = value },
                "--changes" => options with { Changes = value },
                "--debounce-ms" => options with { Debounce = TimeSpan.FromMilliseconds(value) },
                _ => throw new ArgumentException($"unknown option {args[i]}: use s1|s2|s4|all [--streams N] [--services N] [--changes N]"),
            };
        }

        return options;
    }
}
