using System.Diagnostics;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests.Chaos;

/// <summary>
/// mesh-operator as a separate process (cluster mode against a kubeconfig, one replica, loopback ports), so that a
/// test can kill it with SIGKILL as a node failure would: no finally block, no graceful shutdown, writes cut short.
/// </summary>
internal sealed class OperatorProcess : IAsyncDisposable
{
    private readonly RunningProcess _process;

    private OperatorProcess(RunningProcess process, string httpPort, string xdsPort, string xdsTlsPort)
    {
        _process = process;
        HttpPort = httpPort;
        XdsPort = xdsPort;
        XdsTlsPort = xdsTlsPort;
    }

    /// <summary>What the process printed so far (for failure messages).</summary>
    public string Output => _process.Output;

    public bool HasExited => _process.HasExited;

    /// <summary>The operator's /metrics, /healthz and /readyz port on loopback.</summary>
    public string HttpPort { get; }

    /// <summary>The plaintext xDS port (proxyless clients) on loopback.</summary>
    public string XdsPort { get; }

    /// <summary>The mTLS xDS port (sidecars) on loopback.</summary>
    public string XdsTlsPort { get; }

    /// <param name="leaderIdentity">Null: one replica, no election. Otherwise the replica elects its leader on the mesh-system Lease under this identity.</param>
    /// <param name="environment">More environment variables (e.g. Logging__LogLevel__Default).</param>
    public static OperatorProcess Start(string kubeconfig, string? leaderIdentity = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "mesh-operator.dll");
        var start = new ProcessStartInfo("dotnet");
        static string Port() => FreePorts.Loopback().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (httpPort, xdsPort, xdsTlsPort) = (Port(), Port(), Port());
        foreach (var arg in (string[])[dll, "--kubeconfig", kubeconfig, leaderIdentity is null ? "--leader-elect=false" : "--leader-elect=true",
            "--http-port", httpPort, "--xds-port", xdsPort, "--xds-tls-port", xdsTlsPort, "--webhook-port", Port()])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["POD_NAMESPACE"] = "mesh-system";
        if (leaderIdentity is not null)
        {
            start.Environment["POD_NAME"] = leaderIdentity;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new OperatorProcess(RunningProcess.Start(start), httpPort, xdsPort, xdsTlsPort);
    }

    /// <summary>SIGKILL: the process ends at once, whatever it was writing.</summary>
    public Task KillAsync() => _process.KillAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
