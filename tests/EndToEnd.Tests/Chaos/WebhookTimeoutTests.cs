using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Mesh.EndToEnd.Tests.Mesh;
using Mesh.Testing;
using Mesh.XdsServer.Contract;

namespace Mesh.EndToEnd.Tests.Chaos;

/// <summary>
/// Chaos, bounded and on loopback: the sidecar injector stops answering (its Service now leads to a socket that
/// accepts and never speaks). Pod admission follows the installed configuration's failurePolicy: with Mesh's
/// Ignore, the pod is created at once without a sidecar and the policy's status names it (SidecarMissing); once the
/// injector answers again the next pod gets its sidecar.
/// </summary>
public sealed class WebhookTimeoutTests : IAsyncLifetime
{
    private const string Configuration = "mesh-sidecar-injector";
    private readonly LocalMeshFixture _mesh = new();

    public Task InitializeAsync() => _mesh.InitializeAsync();

    public Task DisposeAsync() => _mesh.DisposeAsync();

    [Fact]
    public async Task A_timing_out_injector_admits_pods_as_its_failure_policy_says_and_the_status_names_them()
    {
        var kubectl = _mesh.Kubectl;
        await kubectl.MustAsync("apply", "-f", RepoPaths.Of("config", "samples", "shop"));
        await kubectl.MustAsync("wait", "--for=condition=Accepted", "meshpolicy/shop", "-n", "shop", "--timeout=60s");
        var failurePolicy = await kubectl.MustAsync("get", "mutatingwebhookconfiguration", Configuration, "-o", "jsonpath={.webhooks[0].failurePolicy}");
        failurePolicy.Should().Be("Ignore", "Mesh's injector never blocks pods (config/webhook/mutating.yaml)");
        await kubectl.MustAsync("patch", "mutatingwebhookconfiguration", Configuration, "--type=json",
            "-p", """[{"op":"replace","path":"/webhooks/0/timeoutSeconds","value":1}]""");

        var services = _mesh.Session.Api.ServiceEndpoints;
        var injector = services.Resolve(SidecarContract.ControlPlaneNamespace, SidecarContract.WebhookServiceName, SidecarContract.WebhookServicePort)!;
        using var silent = new SilentListener();
        services.Map(SidecarContract.ControlPlaneNamespace, SidecarContract.WebhookServiceName, SidecarContract.WebhookServicePort, silent.Url);

        var clock = Stopwatch.StartNew();
        var created = await kubectl.WithManifestAsync(Pod("during-outage"), "create");
        clock.Stop();

        created.ExitCode.Should().Be(0, $"failurePolicy Ignore admits the pod: {created}");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(8), "the API gives up on the webhook after its 1 s timeout");
        silent.Accepted.Should().BeGreaterThan(0, "the API did call the silent injector");
        (await ContainersAsync("during-outage")).Should().NotContain(SidecarContract.ProxyContainerName);
        (await LocalMeshFixture.EventuallyAsync(async () =>
        {
            var ready = await kubectl.RunAsync("get", "meshpolicy", "shop", "-n", "shop", "-o",
                "jsonpath={.status.conditions[?(@.type==\"WorkloadsReady\")].reason} {.status.conditions[?(@.type==\"WorkloadsReady\")].message}");
            return ready.StdOut.StartsWith("SidecarMissing", StringComparison.Ordinal) && ready.StdOut.Contains("during-outage", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(60))).Should().BeTrue("the status names the pod that started without its sidecar");

        services.Map(SidecarContract.ControlPlaneNamespace, SidecarContract.WebhookServiceName, SidecarContract.WebhookServicePort, injector);
        var after = await kubectl.WithManifestAsync(Pod("after-outage"), "create");
        after.ExitCode.Should().Be(0, after.ToString());
        (await ContainersAsync("after-outage")).Should().Contain(SidecarContract.ProxyContainerName, "the injector answers again");
    }

    private static string Pod(string name) => $$$"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","namespace":"shop","labels":{"app":"reviews","mesh.dev/member":"true"}},
         "spec":{"serviceAccountName":"reviews","containers":[{"name":"reviews","image":"example.com/reviews:1"}]}}
        """;

    private async Task<IReadOnlyList<string>> ContainersAsync(string pod)
    {
        using var json = JsonDocument.Parse(await _mesh.Kubectl.MustAsync("get", "pod", pod, "-n", "shop", "-o", "json"));
        var spec = json.RootElement.GetProperty("spec");
        return new[] { "initContainers", "containers" }
            .SelectMany(field => spec.TryGetProperty(field, out var list) ? list.EnumerateArray().Select(c => c.GetProperty("name").GetString()!) : [])
            .ToList();
    }

    /// <summary>Accepts connections on loopback and never sends a byte: a hung injector.</summary>
    private sealed class SilentListener : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<Socket> _held = [];
        private readonly CancellationTokenSource _stop = new();
        private int _accepted;

        public SilentListener()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public Uri Url => new($"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

        public int Accepted => Volatile.Read(ref _accepted);

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            lock (_held)
            {
                _held.ForEach(s => s.Dispose());
            }

            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var socket = await _listener.AcceptSocketAsync(_stop.Token);
                    Interlocked.Increment(ref _accepted);
                    lock (_held)
                    {
                        _held.Add(socket);
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }
    }
}
