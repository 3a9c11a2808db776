using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Mesh.Benchmarks.Translation;
using Mesh.XdsServer.Model;
using Mesh.XdsServer.Translation;
using Mesh.XdsServer.Validation;

namespace Mesh.Benchmarks.Xds;

/// <summary>
/// The validate-rule check every new resource passes before it is served, on a sidecar's whole config for a 1,000
/// services x 10 endpoints mesh (what a cold push checks once per unique resource), without the memo of instances
/// already found valid.
/// </summary>
[MemoryDiagnoser]
public class ValidationBenchmarks
{
    private IMessage[] _resources = [];

    [GlobalSetup]
    public void Setup()
    {
        var model = LargeMeshModel.Build(1000, 10, "v1");
        var scope = new ProxyScope
        {
            Namespace = "ns-1",
            ServiceAccount = "svc-1",
            Labels = new Dictionary<string, string> { ["app"] = "svc-1" },
            Locality = new Locality { Region = "r1", Zone = "z1" },
        };
        _resources = [.. new MeshTranslator().Translate(model, scope).All()];
        var errors = _resources.Sum(r => ProtoValidator.Validate(r).Count);
        if (errors > 0)
        {
            throw new InvalidOperationException($"the benchmark mesh breaks {errors} validate rules");
        }
    }

    /// <summary>The same resources serialized once: the floor a push is measured against.</summary>
    [Benchmark(Baseline = true)]
    public long Sidecar_config_serialize_once()
    {
        var bytes = 0L;
        foreach (var resource in _resources)
        {
            bytes += resource.ToByteArray().Length;
        }

        return bytes;
    }

    /// <summary>As the snapshot cache checks a cold push: with a memo of valid instances, empty at the start (every
    /// resource new), so what it costs to fill it is in the number.</summary>
    [Benchmark]
    public int Sidecar_config_all_rules_filling_a_memo()
    {
        var memo = new ValidatedMessages();
        var errors = 0;
        foreach (var resource in _resources)
        {
            errors += ProtoValidator.Validate(resource, TimeProvider.System, memo).Count;
        }

        return errors;
    }

    [Benchmark]
    public int Sidecar_config_all_rules()
    {
        var errors = 0;
        foreach (var resource in _resources)
        {
            errors += ProtoValidator.Validate(resource).Count;
        }

        return errors;
    }
}
