using System.Globalization;
using Mesh.Xds.LoadHarness;

// The xDS load harness (not a test): simulated ADS streams on loopback against our server in a child process.
// dotnet run -c Release --project bench/Xds.LoadHarness -- s1|s2|s4|all [--streams N]
if (args.Length > 0 && args[0] == "serve")
{
    var debounce = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0;
    return await HarnessServer.RunAsync(TimeSpan.FromMilliseconds(debounce), bare: args.Contains("--bare"));
}

var options = HarnessOptions.Parse(args);
Console.WriteLine(
    $"xds load harness, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, " +
    $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, .NET {Environment.Version}, load average {LoadAverage()}");
Console.WriteLine();
var started = System.Diagnostics.Stopwatch.StartNew();
switch (options.Scenario)
{
    case "s1":
        await ColdPush.RunAsync(options);
        break;
    case "s2":
        await EndpointChange.RunAsync(options);
        break;
    case "s4":
        await IdleStreams.RunAsync(options);
        break;
    case "all":
        await ColdPush.RunAsync(options);
        await EndpointChange.RunAsync(options);
        await IdleStreams.RunAsync(options);
        break;
    default:
        Console.Error.WriteLine("usage: s1|s2|s4|all [--streams N] [--services N] [--changes N] [--debounce-ms N] [--scoped-only] [--bare]");
        return 2;
}

Console.WriteLine($"(run took {started.Elapsed.TotalSeconds:F0} s; load average at the end {LoadAverage()})");
return 0;

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
