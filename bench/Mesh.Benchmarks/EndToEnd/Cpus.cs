using System.Diagnostics;

namespace Mesh.Benchmarks.EndToEnd;

/// <summary>
/// CPU used by the operator child and by the harness itself (embedded API and simulated sidecars) over a window: the
/// two share the machine's cores, so a scenario whose sum is near all of them is bound by the machine, not by either.
/// </summary>
internal readonly record struct Cpus(TimeSpan Operator, TimeSpan Harness, long At)
{
    /// <summary>Now; <paramref name="child"/> null reads the operator as not started (a restart's baseline).</summary>
    public static Cpus Read(OperatorChild? child)
    {
        using var self = Process.GetCurrentProcess();
        return new Cpus(child?.Cpu() ?? TimeSpan.Zero, self.TotalProcessorTime, Stopwatch.GetTimestamp());
    }

    public static Cpus operator -(Cpus after, Cpus before) =>
        new(after.Operator - before.Operator, after.Harness - before.Harness, after.At - before.At);

    /// <summary>Cores averaged over the window (this value is a difference of two readings).</summary>
    public override string ToString()
    {
        var seconds = Math.Max(1e-3, (double)At / Stopwatch.Frequency);
        return FormattableString.Invariant(
            $"operator {Operator.TotalSeconds / seconds:0.00} cores, harness {Harness.TotalSeconds / seconds:0.00} cores over {seconds:0.0} s (of {Environment.ProcessorCount})");
    }
}
