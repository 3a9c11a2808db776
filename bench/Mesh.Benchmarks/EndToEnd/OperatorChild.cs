using System.Diagnostics;
using System.Globalization;
using System.Net;
using k8s;
using Mesh.Operator.Hosting;
using Mesh.Operator.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Benchmarks.EndToEnd;

/// <summary>
/// The operator in a process of its own, so that its CPU and memory are read from its own counters (/proc) while the
/// harness's simulated sidecars and the embedded API run in the parent: <c>operator-child KUBECONFIG TLS_PORT HTTP_PORT</c>
/// runs the operator host (as local mode builds it, on loopback, no leader election: one replica) against the
/// parent's embedded API.
/// </summary>
internal sealed class OperatorChild : IDisposable
{
    private readonly Process _process;
    private bool _disposed;

    private OperatorChild(Process process) => _process = process;

    public int Pid => _process.Id;

    /// <summary>The child's entry point.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(args[0]);
        var app = OperatorHost.Build(new OperatorHostOptions
        {
            Kubernetes = config,
            HttpEndpoint = new IPEndPoint(IPAddress.Loopback, int.Parse(args[2], CultureInfo.InvariantCulture)),
            XdsTlsEndpoint = new IPEndPoint(IPAddress.Loopback, int.Parse(args[1], CultureInfo.InvariantCulture)),
            Manager = new ControllerManagerOptions { LeaderElection = null },
            ConfigureServices = services => services.AddSingleton(new Mesh.Operator.Publishing.XdsIdentityOptions { ExtraDnsNames = ["localhost"] }),
        });
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }

    public static OperatorChild Start(string kubeconfig, int tlsPort, int httpPort)
    {
        var self = typeof(OperatorChild).Assembly.Location;
        // The runtime settings of the shipped operator (server GC, no instrumented tier: Operator.csproj), not this
        // console app's: the operator's own runtimeconfig sits beside this assembly.
        var runtimeConfig = Path.Combine(Path.GetDirectoryName(self)!, "mesh-operator.runtimeconfig.json");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = false, RedirectStandardError = false, UseShellExecute = false };
        foreach (var arg in new[] { "exec", "--runtimeconfig", runtimeConfig, self, "operator-child", kubeconfig, tlsPort.ToString(CultureInfo.InvariantCulture), httpPort.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }
        // E2E_OPERATOR_LOG_LEVEL=Information shows the operator's own timeline (timestamped) among the harness's lines.
        info.Environment["Logging__LogLevel__Default"] = Environment.GetEnvironmentVariable("E2E_OPERATOR_LOG_LEVEL") is { Length: > 0 } level ? level : "Error";
        info.Environment["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ";
        // A GC heap limit for the operator alone (the harness process holds the API and the sidecars): running under
        // 1 GB shows whether the operator's live data fits the issue-15 aim whatever its resident set at rest shows.
        if (Environment.GetEnvironmentVariable("E2E_OPERATOR_GC_HEAP_HARD_LIMIT") is { Length: > 0 } limit)
        {
            info.Environment["DOTNET_GCHeapHardLimit"] = limit;
        }

        // Runtime settings for the operator alone, to compare them under the same load: E2E_OPERATOR_DOTNET_X=v is
        // DOTNET_X=v in the child (e.g. E2E_OPERATOR_DOTNET_TieredPGO=1), which wins over the runtimeconfig.
        foreach (var (name, value) in Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => ((string)e.Key, (string?)e.Value)).Where(e => e.Item1.StartsWith("E2E_OPERATOR_DOTNET_", StringComparison.Ordinal)))
        {
            info.Environment[name["E2E_OPERATOR_".Length..]] = value;
        }

        return new OperatorChild(Process.Start(info)!);
    }

    /// <summary>user+system CPU of the child so far (from /proc/PID/stat, in clock ticks of 10 ms).</summary>
    public TimeSpan Cpu()
    {
        var fields = File.ReadAllText($"/proc/{Pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    /// <summary>Resident set (working set) of the child in MiB.</summary>
    public double WorkingSetMiB()
    {
        var line = File.ReadLines($"/proc/{Pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Kill();
        _process.Dispose();
    }
}
