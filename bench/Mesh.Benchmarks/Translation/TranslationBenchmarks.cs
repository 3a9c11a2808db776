using BenchmarkDotNet.Attributes;
using Mesh.XdsServer.Model;
using Mesh.XdsServer.Translation;

namespace Mesh.Benchmarks.Translation;

/// <summary>
/// Translating a 1,000 services x 10 endpoints mesh. Cold: a new model (every shared resource built). Warm: the same
/// model for a proxy with another scope (only the per-proxy parts are built; clusters, endpoints and routes are reused).
/// </summary>
[MemoryDiagnoser]
public class TranslationBenchmarks
{
    private MeshModel _model = null!;
    private MeshTranslator _warm = null!;
    private int _counter;

    private static readonly ProxyScope Sidecar = new()
    {
        Namespace = "ns-1",
        ServiceAccount = "svc-1",
        Labels = new Dictionary<string, string> { ["app"] = "svc-1" },
        Locality = new Locality { Region = "r1", Zone = "z1" },
    };

    private static readonly ProxyScope Proxyless = new()
    {
        Namespace = "ns-2",
        Kind = ProxyKind.ProxylessGrpc,
        Locality = new Locality { Region = "r1", Zone = "z1" },
    };

    [GlobalSetup]
    public void Setup()
    {
        _model = LargeMeshModel.Build(1000, 10, "v1");
        _warm = new MeshTranslator();
        _warm.Translate(_model, Sidecar);
        _warm.Translate(_model, Proxyless);
    }

    [Benchmark]
    public TranslatedResources Sidecar_cold() => new MeshTranslator().Translate(_model, Sidecar);

    [Benchmark]
    public TranslatedResources Proxyless_cold() => new MeshTranslator().Translate(_model, Proxyless);

    /// <summary>Another pod of the same namespace (distinct labels, so a distinct cache entry) on a warm model.</summary>
    [Benchmark]
    public TranslatedResources Sidecar_warm_other_pod() =>
        _warm.Translate(_model, Sidecar with { Labels = new Dictionary<string, string> { ["app"] = "svc-1", ["pod"] = $"{_counter++}" } });

    /// <summary>Another proxyless client (another service account, so a distinct cache entry) on a warm model.</summary>
    [Benchmark]
    public TranslatedResources Proxyless_warm_other_client() =>
        _warm.Translate(_model, Proxyless with { ServiceAccount = $"client-{_counter++}" });
}
