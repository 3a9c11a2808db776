namespace Mesh.Xds.LoadHarness;

/// <summary>Command-line settings: `s1|s2|s4|all [--streams N] [--services N] [--changes N] [--scoped-only] [--bare]`.</summary>
internal sealed record HarnessOptions
{
    public required string Scenario { get; init; }

    /// <summary>When given, every scenario runs at this stream count only (instead of its default ladder).</summary>
    public int? Streams { get; init; }

    public int Services { get; init; } = 1000;

    public int EndpointsPerService { get; init; } = 10;

    public int Dependencies { get; init; } = 20;

    public int Changes { get; init; } = 20;

    /// <summary>S2 without the unscoped rows (every stream affected by every change), for a loaded machine.</summary>
    public bool ScopedOnly { get; init; }

    /// <summary>S1 against <see cref="BareAdsService"/> (the gRPC stack's own cost per stream) instead of our server.</summary>
    public bool Bare { get; init; }

    /// <summary>The server's push debounce: zero, so that timings exclude it (the product default is 100 ms).</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.Zero;

    public static HarnessOptions Parse(string[] args)
    {
        var options = new HarnessOptions { Scenario = args.Length > 0 ? args[0] : "all" };
        var rest = new Queue<string>(args.Skip(1));
        while (rest.TryDequeue(out var flag))
        {
            if (flag == "--scoped-only")
            {
                options = options with { ScopedOnly = true };
                continue;
            }

            if (flag == "--bare")
            {
                options = options with { Bare = true };
                continue;
            }

            if (!rest.TryDequeue(out var text))
            {
                throw new ArgumentException($"{flag} needs a number");
            }

            var value = int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
            options = flag switch
            {
                "--streams" => options with { Streams = value },
                "--services" => options with { Services = value },
                "--changes" => options with { Changes = value },
                "--debounce-ms" => options with { Debounce = TimeSpan.FromMilliseconds(value) },
                _ => throw new ArgumentException($"unknown option {flag}: use s1|s2|s4|all [--streams N] [--services N] [--changes N] [--scoped-only] [--bare]"),
            };
        }

        return options;
    }
}
