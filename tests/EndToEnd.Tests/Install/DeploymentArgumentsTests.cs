using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using Mesh.EndToEnd.Tests.Mesh;
using Mesh.Testing;
using Xunit.Abstractions;

namespace Mesh.EndToEnd.Tests.Install;

/// <summary>
/// No Docker engine here, so the image is checked by what it runs: the published binary with the Deployment's exact
/// args and env, non-root, in a pod network namespace (fixed ports on all interfaces, as in a pod, colliding with
/// nothing), talking to the embedded API through in-cluster config over HTTPS, after config/default was applied as a
/// platform team applies it. The API server reaches the pod's webhook port as it would through the mesh-webhook
/// Service.
/// </summary>
public sealed class DeploymentArgumentsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Needs = "running the published binary in a pod network namespace needs root (ip netns, mount).";

    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(120);
    private readonly EmbeddedApiFixture _api = new();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"mesh-published-{Guid.NewGuid():N}");

    public Task InitializeAsync() => _api.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [RootFact(Needs)]
    public async Task The_published_binary_with_the_deployments_arguments_leads_serves_its_ports_and_makes_a_sample_ready()
    {
        var kubectl = _api.Kubectl;
        var install = await kubectl.MustAsync("apply", "--server-side", "-k", RepoPaths.Of("config", "default"));
        output.WriteLine(install);
        await kubectl.MustAsync("wait", "--for=condition=established", "crd", "--all", "--timeout=60s");

        var app = Path.Combine(_dir, "app");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await PublishedOperator.PublishAsync(app);
        output.WriteLine($"dotnet publish --no-build: {clock.Elapsed.TotalSeconds:F1} s");
        var serviceAccount = Path.Combine(_dir, "serviceaccount");
        Directory.CreateDirectory(serviceAccount);

        await using var netns = await PodNetns.CreateAsync();
        await using var apiService = TlsApiForwarder.Start(netns.HostIp, _api.Server.BaseAddress);
        await File.WriteAllTextAsync(Path.Combine(serviceAccount, "ca.crt"), apiService.CaPem);
        await File.WriteAllTextAsync(Path.Combine(serviceAccount, "token"), "test-token");
        await File.WriteAllTextAsync(Path.Combine(serviceAccount, "namespace"), "mesh-system");
        var container = PublishedOperator.ManagerContainer();
        var args = container["args"]!.AsArray().Select(a => (string)a!).ToList();
        int Port(string flag) => int.Parse(args.Single(a => a.StartsWith(flag + "=", StringComparison.Ordinal))[(flag.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var (httpPort, xdsTlsPort, webhookPort) = (Port("--http-port"), Port("--xds-tls-port"), Port("--webhook-port"));

        // The webhook Service's endpoint is the pod (kube-apiserver would find it through the Service's EndpointSlice).
        _api.Server.ServiceEndpoints.Map("mesh-system", "mesh-webhook", 443, new Uri($"https://{netns.PodIp}:{webhookPort}"));
        var podName = $"mesh-operator-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        await using var manager = PublishedOperator.Start(app, netns, serviceAccount, new Dictionary<string, string>
        {
            ["KUBERNETES_SERVICE_HOST"] = netns.HostIp.ToString(),
            ["KUBERNETES_SERVICE_PORT"] = apiService.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["POD_NAME"] = podName,
            ["POD_NAMESPACE"] = "mesh-system",
        });

        clock.Restart();
        // Leader: the Lease of --leader-elect=true names this pod.
        await WaitAsync(async () =>
                (await kubectl.RunAsync("get", "lease", "mesh-operator-leader", "-n", "mesh-system", "-o", "jsonpath={.spec.holderIdentity}")).StdOut.Trim() == podName,
            async () => $"the binary becomes leader (Lease: {(await kubectl.RunAsync("get", "lease", "mesh-operator-leader", "-n", "mesh-system", "-o", "json")).StdOut})", manager);
        output.WriteLine($"leader after {clock.Elapsed.TotalSeconds:F1} s");

        // The probes of the Deployment, on the pod's address.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var probe in new[] { "/healthz", "/readyz" })
        {
            await WaitAsync(async () => await StatusAsync(http, new Uri($"http://{netns.PodIp}:{httpPort}{probe}")) == HttpStatusCode.OK,
                () => Task.FromResult($"{probe} answers 200 on {httpPort}"), manager);
        }

        // TLS on the xDS and webhook ports, with the certificates the built-in CA issued.
        foreach (var (port, name) in new[] { (xdsTlsPort, "mesh-xds.mesh-system.svc"), (webhookPort, "mesh-webhook.mesh-system.svc") })
        {
            string? subject = null;
            await WaitAsync(async () => (subject = await ServerCertificateAsync(netns.PodIp, port, name)) is not null,
                () => Task.FromResult($"port {port} accepts TLS"), manager);
            output.WriteLine($"{port}: {subject}");
        }

        // The caBundle the binary wrote lets the API server call its validator: a policy only the webhook refuses.
        await kubectl.MustAsync("apply", "-f", Path.Combine(RepoPaths.Samples, "shop"));
        await WaitAsync(async () => (await PolicyConditions.OfAsync(kubectl, "shop", "shop", "Ready")).Status == "True",
            async () => $"the shop sample goes Ready\n{(await kubectl.RunAsync("describe", "meshpolicy", "shop", "-n", "shop")).StdOut}", manager);
        output.WriteLine($"shop Ready {clock.Elapsed.TotalSeconds:F1} s after the start");
        var refused = await kubectl.RunAsync("apply", "-f", Path.Combine(RepoPaths.InvalidSamples, "regex-not-re2.yaml"));
        refused.ExitCode.Should().NotBe(0, $"the validating webhook on {webhookPort} refuses it: {refused}\n{manager.Output}");
        refused.StdErr.Should().Contain("admission webhook \"meshpolicy-validator.mesh.dev\" denied the request");
        manager.HasExited.Should().BeFalse(manager.Output);

        // What ran: the published apphost, as the Deployment's non-root user, on a read-only root, in the pod's network
        // namespace.
        File.ResolveLinkTarget($"/proc/{manager.Id}/exe", returnFinalTarget: false)!.FullName.Should().Be(PublishedOperator.AppPath);
        (await File.ReadAllTextAsync($"/proc/{manager.Id}/mountinfo")).Split('\n').Select(l => l.Split(' '))
            .Last(f => f.Length > 5 && f[4] == "/")[5].Split(',').Should().Contain("ro", "the root filesystem is read-only, as readOnlyRootFilesystem makes it");
        (await File.ReadAllLinesAsync($"/proc/{manager.Id}/status")).Single(l => l.StartsWith("Uid:", StringComparison.Ordinal))
            .Split('\t', StringSplitOptions.RemoveEmptyEntries).Skip(1).Should().AllBe(PublishedOperator.RunAsUser().ToString(System.Globalization.CultureInfo.InvariantCulture));
        File.ResolveLinkTarget($"/proc/{manager.Id}/ns/net", false)!.Name.Should().NotBe(File.ResolveLinkTarget("/proc/self/ns/net", false)!.Name);
    }

    /// <summary>
    /// Waits for <paramref name="condition"/>; on timeout the message is written then, with the binary's output so far
    /// and whether it still runs (a message built before the wait would show the output of the start only).
    /// </summary>
    private static async Task WaitAsync(Func<Task<bool>> condition, Func<Task<string>> what, RunningProcess manager)
    {
        if (!await Eventually.Holds(condition, Converge, TimeSpan.FromMilliseconds(250)))
        {
            var state = manager.HasExited ? $"the binary exited with code {manager.ExitCode}" : "the binary still runs";
            throw new TimeoutException($"Timed out after {Converge.TotalSeconds:0} s waiting until {await what()}; {state}. Its output:\n{manager.Output}");
        }
    }

    private static async Task<HttpStatusCode?> StatusAsync(HttpClient http, Uri uri)
    {
        try
        {
            using var response = await http.GetAsync(uri);
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>The subject of the certificate a TLS server on <paramref name="port"/> presents for <paramref name="sni"/>, or null while it does not.</summary>
    private static async Task<string?> ServerCertificateAsync(IPAddress address, int port, string sni)
    {
        using var tcp = new TcpClient();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await tcp.ConnectAsync(address, port, timeout.Token);
            string? subject = null;
            await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) =>
            {
                // Trust is the clients' business (sidecars check the mesh root, the API server the caBundle): here only
                // that a certificate naming the Service is served.
                subject = certificate?.Subject;
                return true;
            });
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = sni }, timeout.Token);
            return subject;
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            return null;
        }
    }
}
