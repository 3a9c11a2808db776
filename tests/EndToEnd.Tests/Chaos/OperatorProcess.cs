using System.Diagnostics;
using System.Text;
using Mesh.Testing;

namespace Mesh.EndToEnd.Tests.Chaos;

/// <summary>
/// mesh-operator as a separate process (cluster mode against a kubeconfig, one replica, loopback ports), so that a
/// test can kill it with SIGKILL as a node failure would: no finally block, no graceful shutdown, writes cut short.
/// </summary>
internal sealed class OperatorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private OperatorProcess(Process process, string httpPort, string xdsPort, string xdsTlsPort)
    {
        _process = process;
        HttpPort = httpPort;
        XdsPort = xdsPort;
        XdsTlsPort = xdsTlsPort;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>What the process printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The operator's /metrics, /healthz and /readyz port on loopback.</summary>
    public string HttpPort { get; }

    /// <summary>The plaintext xDS port (proxyless clients) on loopback.</summary>
    public string XdsPort { get; }

    /// <summary>The mTLS xDS port (sidecars) on loopback.</summary>
    public string XdsTlsPort { get; }

    /// <param name="leaderIdentity">Null: one replica, no election. Otherwise the replica elects its leader on the mesh-system Lease under this identity.</param>
    public static OperatorProcess Start(string kubeconfig, string? leaderIdentity = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "mesh-operator.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
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

        return new OperatorProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"), httpPort, xdsPort, xdsTlsPort);
    }

    /// <summary>SIGKILL: the process ends at once, whatever it was writing.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
