using Mesh.Benchmarks.Runtime;

namespace Mesh.Benchmarks;

internal static class BenchmarkEntry
{
    private static async Task<int> Main(string[] args)
    {
        // Custom harnesses (throughput over time, not micro-benchmarks) are chosen by their first argument.
        if (args.Length > 0 && args[0] == "runtime-queue")
        {
            return await RuntimeQueueHarness.RunAsync(args[1..]);
        }
        if (args.Length > 0 && args[0] == "pod-create")
        {
            return await Injection.PodCreateHarness.RunAsync(args[1..]);
        }
        if (args.Length > 0 && args[0] == "injection-latency")
        {
            return Injection.InjectionLatencyHarness.Run(args[1..]);
        }

        BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args);
        return 0;
    }
}
