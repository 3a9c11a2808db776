using System.Diagnostics;
using System.Globalization;
using Mesh.Operator.Injection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Benchmarks.Injection;

/// <summary>
/// Per-call latency percentiles of AdmissionHandler.Handle over the samples' pods (BenchmarkDotNet reports means, not
/// p99). Usage: <c>injection-latency [calls]</c> (default 20,000, after 2,000 warm-up calls).
/// </summary>
internal static class InjectionLatencyHarness
{
    public static int Run(string[] args)
    {
        var calls = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
        var samples = SampleAdmissionReviews.Load();
        var handler = new AdmissionHandler(new StaticPolicySource(samples.Policies), new InjectorOptions(), NullLogger<AdmissionHandler>.Instance);
        var patched = samples.Reviews.Count(r => handler.Handle(r.Body).Body.Contains("\"patch\"", StringComparison.Ordinal));
        for (var i = 0; i < 2_000; i++)
        {
            handler.Handle(samples.Reviews[i % samples.Reviews.Count].Body);
        }
        var samplesMicros = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            handler.Handle(samples.Reviews[i % samples.Reviews.Count].Body);
            samplesMicros[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        Array.Sort(samplesMicros);
        double P(double q) => samplesMicros[Math.Min(calls - 1, (int)Math.Ceiling(q * calls) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pods: {samples.Reviews.Count} ({patched} patched), calls: {calls}, p50: {P(0.50):0.0} us, p90: {P(0.90):0.0} us, p99: {P(0.99):0.0} us, max: {samplesMicros[^1]:0.0} us"));
        return 0;
    }
}
