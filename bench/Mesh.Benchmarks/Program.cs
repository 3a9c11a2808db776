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
        if (args.Length > 0 && args[0] == "e2e")
        {
            return await EndToEnd.E2eHarness.RunAsync(args[1..]);
        }
        if (args.Length > 0 && args[0] == "operator-child")
        {
            return await EndToEnd.OperatorChild.RunAsync(args[1..]);
        }
        if (args.Length > 0 && args[0] == "incremental-publish")
        {
            return Translation.IncrementalPublishHarness.Run(args[1..]);
        }
        if (args.Length > 0 && args[0] == "delta-state")
        {
            return Xds.DeltaStateHarness.Run(args[1..]);
        }
        if (args.Length > 0 && args[0] == "injection-latency")
        {
            return Injection.InjectionLatencyHarness.Run(args[1..]);
        }

        BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args);
        return 0;
    }
}
