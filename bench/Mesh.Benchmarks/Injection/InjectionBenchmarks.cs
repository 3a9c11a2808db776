using BenchmarkDotNet.Attributes;
using Mesh.Operator.Injection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Benchmarks.Injection;

/// <summary>
/// The webhook's own work per pod: AdmissionReview bytes in (a samples' pod), AdmissionReview JSON out (parse, pick the
/// governing policy from the in-memory cache, build the patch, serialize). One operation = one pod; the samples' pods
/// are cycled. HTTPS and Kestrel are not included (see the injection-latency harness for per-call percentiles).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[MaxColumn]
public class InjectionBenchmarks
{
    private AdmissionHandler _handler = null!;
    private IReadOnlyList<(string Name, byte[] Body)> _reviews = [];

    [GlobalSetup]
    public void Setup()
    {
        var samples = SampleAdmissionReviews.Load();
        _reviews = samples.Reviews;
        _handler = new AdmissionHandler(new StaticPolicySource(samples.Policies), new InjectorOptions(), NullLogger<AdmissionHandler>.Instance);
    }

    [Benchmark(OperationsPerInvoke = 16)]
    public int Inject_sample_pod()
    {
        var total = 0;
        for (var i = 0; i < 16; i++)
        {
            total += _handler.Handle(_reviews[i % _reviews.Count].Body).Body.Length;
        }
        return total;
    }
}
