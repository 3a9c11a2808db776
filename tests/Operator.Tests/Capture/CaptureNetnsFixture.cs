using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Mesh.Testing;

namespace Mesh.Operator.Tests.Capture;

/// <summary>
/// Two network namespaces joined by a veth pair, 192.0.2.1 (the "pod", where <c>mesh-operator capture</c> runs) and
/// 192.0.2.2 (a peer), addresses from TEST-NET-1 with nothing else routed, so no packet leaves what the test made.
/// Listeners stand in for the proxy (15001, 15006, 15021) and the app (8080, 8081) in the pod, and for a server
/// (80, 9999) in the peer. Both namespaces are deleted at the end, whatever happened.
/// </summary>
public sealed class CaptureNetnsFixture : IAsyncLifetime
{
    public const string PodIp = "192.0.2.1";
    public const string PeerIp = "192.0.2.2";
    public const int ExcludedOutboundPort = 9999;
    public const int ExcludedInboundPort = 8081;

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly string _suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
    private readonly List<Process> _listeners = [];

    public string Pod => $"mesh-t-pod-{_suffix}";

    public string Peer => $"mesh-t-peer-{_suffix}";

    /// <summary>What <c>mesh-operator capture</c> printed, for failure messages.</summary>
    public string CaptureOutput { get; private set; } = "";

    /// <summary><c>iptables-save -t nat</c> in the pod namespace after capture ran (twice).</summary>
    public string InstalledNat { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return; // the tests are skipped (RootFact)
        }

        foreach (var tool in new[] { "ip", "iptables-restore", "iptables-save", "setpriv" })
        {
            if (Which(tool) is null)
            {
                throw new InvalidOperationException($"{tool} is not on PATH: as root these tests must run; install iptables, iproute2 and util-linux (.ci/run does).");
            }
        }

        File.Exists(Python).Should().BeTrue($"{Python} (the system python, which UID 1337 can run) is needed by the capture tests");
        try
        {
            await SetUpAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var listener in _listeners)
        {
            try
            {
                listener.StandardInput.Close();
                if (!listener.WaitForExit(TimeSpan.FromSeconds(5)))
                {
                    listener.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
                // never started or already gone
            }

            listener.Dispose();
        }

        foreach (var ns in new[] { Pod, Peer })
        {
            // Deleting a namespace deletes its end of the veth pair, and with it the other end.
            await ProcessRun.RunAsync("ip", ["netns", "del", ns], TimeSpan.FromSeconds(20));
        }
    }

    /// <summary>Connects from <paramref name="ns"/> (as UID/GID <paramref name="uid"/> when given) and returns the answer line.</summary>
    public async Task<string> ConnectAsync(string ns, string host, int port, long? uid = null)
    {
        var args = new List<string> { "netns", "exec", ns };
        if (uid is { } id)
        {
            args.AddRange(["setpriv", $"--reuid={id}", $"--regid={id}", "--clear-groups"]);
        }

        args.AddRange([Python, "-c", await File.ReadAllTextAsync(Script("client.py")), host, port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var (_, stdout, stderr) = await ProcessRun.RunAsync("ip", args, TimeSpan.FromSeconds(30));
        return (stdout.Trim() + " " + stderr.Trim()).Trim();
    }

    private const string Python = "/usr/bin/python3";

    private async Task SetUpAsync()
    {
        var podLink = $"mtp{_suffix}";
        var peerLink = $"mtq{_suffix}";
        await ProcessRun.CheckedAsync("ip", "netns", "add", Pod);
        await ProcessRun.CheckedAsync("ip", "netns", "add", Peer);
        await ProcessRun.CheckedAsync("ip", "link", "add", podLink, "netns", Pod, "type", "veth", "peer", "name", peerLink, "netns", Peer);
        foreach (var (ns, link, ip) in new[] { (Pod, podLink, PodIp), (Peer, peerLink, PeerIp) })
        {
            await ProcessRun.CheckedAsync("ip", "-n", ns, "addr", "add", $"{ip}/24", "dev", link);
            await ProcessRun.CheckedAsync("ip", "-n", ns, "link", "set", link, "up");
            await ProcessRun.CheckedAsync("ip", "-n", ns, "link", "set", "lo", "up");
        }

        // The real binary, as the injected init container runs it.
        var dll = Path.Combine(AppContext.BaseDirectory, "mesh-operator.dll");
        var dotnet = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        // Twice, as a restarted init container would: the second run must leave one set of rules.
        for (var run = 0; run < 2; run++)
        {
            var (code, stdout, stderr) = await ProcessRun.RunAsync("ip", [
                "netns", "exec", Pod, dotnet, dll, "capture",
                "--exclude-outbound-ports", $"{ExcludedOutboundPort}", "--exclude-inbound-ports", $"{ExcludedInboundPort}"], TimeSpan.FromSeconds(120));
            CaptureOutput += stdout + stderr;
            code.Should().Be(0, $"mesh-operator capture must install the rules: {CaptureOutput}");
        }

        InstalledNat = await ProcessRun.CheckedAsync("ip", "netns", "exec", Pod, "iptables-save", "-t", "nat");

        await StartListenerAsync(Pod, "outbound:15001", "inbound:15006", "health:15021", "app:8080", $"app-excluded:{ExcludedInboundPort}");
        await StartListenerAsync(Peer, "peer:80", $"peer-excluded:{ExcludedOutboundPort}");
    }

    private async Task StartListenerAsync(string ns, params string[] listeners)
    {
        var process = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", ns, Python, Script("listener.py"), .. listeners])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        _listeners.Add(process);
        using var cts = new CancellationTokenSource(ReadyTimeout);
        var line = await process.StandardOutput.ReadLineAsync(cts.Token);
        if (line != "ready")
        {
            throw new InvalidOperationException($"The listener in {ns} did not start: {line} {await process.StandardError.ReadToEndAsync(cts.Token)}");
        }
    }

    private static string Script(string name, [CallerFilePath] string caller = "") =>
        Path.Combine(Path.GetDirectoryName(caller)!, "netns", name);

    private static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin").Append("/sbin")
            .Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists);
}
