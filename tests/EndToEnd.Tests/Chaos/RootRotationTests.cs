using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Mesh.EndToEnd.Tests.Mesh;
using Mesh.Operator.Certificates;
using Mesh.Operator.Hosting;
using Mesh.Operator.Runtime;
using Mesh.Testing;
using Mesh.XdsServer.Contract;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit.Abstractions;
using k8s;
using k8s.Models;

namespace Mesh.EndToEnd.Tests.Chaos;

/// <summary>
/// Chaos, bounded and on loopback: the operator in-process on the embedded API with a clock the test moves forward an
/// hour at a time (roots of 24 h rotated 8 h before expiry, activated 1 h after staging; leaves of 4 h renewed at 2 h),
/// two workloads and a sidecar's xDS stream open over mTLS from the first hour to the last. Through a whole rotation
/// and the old root's expiry the stream stays up, old-root and new-root leaves complete real mutual TLS handshakes
/// during the overlap, and then, with writes to the root Secret refused, the MeshPolicy's status names the coming
/// expiry hours before it happens and recovers once the rotation can be written. The same for a workload certificate
/// whose renewal is refused.
/// </summary>
public sealed class RootRotationTests(ITestOutputHelper output) : IAsyncLifetime
{
    internal const string Ns = "rotation";
    private const string ListenerType = "type.googleapis.com/envoy.config.listener.v3.Listener";
    private const string ClusterType = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
    internal static readonly string[] Accounts = ["client", "server"];
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    internal static readonly BuiltInCaOptions Ca = new()
    {
        RootValidity = TimeSpan.FromHours(24),
        RootRotateBefore = TimeSpan.FromHours(8),
        RootActivationDelay = Hour,
    };

    private readonly EmbeddedApiFixture _api = new();
    private readonly ShiftedClock _clock = new(DateTimeOffset.UtcNow);
    private WebApplication? _operator;
    private Kubernetes? _client;

    private Kubernetes Client => _client ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        await _api.InitializeAsync();
        await _api.InstallOperatorPrerequisitesAsync();
        _client = new Kubernetes(_api.Server.ClientConfiguration);
        var applied = await _api.Kubectl.WithManifestAsync(Manifests, "apply", "--server-side");
        applied.ExitCode.Should().Be(0, applied.ToString());
        var ip = 10;
        foreach (var account in Accounts)
        {
            var status = new V1Patch($$$"""{"status":{"phase":"Running","podIP":"10.7.0.{{{ip++}}}"}}""", V1Patch.PatchType.MergePatch);
            await Client.CoreV1.PatchNamespacedPodStatusAsync(status, $"{account}-0", Ns);
        }

        _operator = OperatorHost.Build(new OperatorHostOptions
        {
            Kubernetes = _api.Server.ClientConfiguration,
            HttpEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
            XdsTlsEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
            ConfigureServices = services =>
            {
                services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_clock));
                services.Replace(ServiceDescriptor.Singleton(Ca));
            },
        });
        await _operator.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_operator is not null)
        {
            await _operator.StopAsync();
            await _operator.DisposeAsync();
        }

        _client?.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Proxies_keep_xds_and_mutual_tls_through_a_root_rotation_and_an_unrenewable_root_shows_in_status_before_it_expires()
    {
        var start = await SettleAsync(rootWritable: true);
        using var firstRoot = start.Root();
        var r1 = firstRoot.Signer.Subject;
        using var clientAtStart = MeshIdentity.From(start.Workloads["client"]);
        var preRotationBundle = clientAtStart.Bundle;

        // The client's sidecar, connected with its first leaf. The server ends each stream at its maximum age (30 min,
        // by design, so proxies spread over replicas); the sidecar then reconnects with what its Secret holds now.
        await using var proxy = new ReconnectingSidecar(XdsTlsAddress, NodeId("client"), _clock);
        await proxy.EnsureConnectedAsync(start.Workloads["client"]);

        // Phase 1: an hour at a time through the rotation (16 h), the activation (17 h) and the old root's expiry (24 h).
        string? r2 = null;
        MeshIdentity? lastClientR1 = null, lastServerR1 = null;
        var overlapChecked = false;
        var stagedSeen = false;
        try
        {
            for (var hour = 1; hour <= 26; hour++)
            {
                _clock.Advance(Hour);
                var seen = await SettleAsync(rootWritable: true);
                using var root = seen.Root();
                output.WriteLine($"+{hour,2}h signer={Cn(root.Signer)} next={(root.Next is null ? "-" : Cn(root.Next))} bundle=[{string.Join(",", root.Bundle.Select(Cn))}] "
                    + string.Join(" ", Accounts.Select(a => $"{a}<-{Cn(seen.Leaf(a))}")) + $" {seen.Certificates}");
                seen.Certificates.Status.Should().Be("True", $"no step of a rotation on schedule is a problem (+{hour}h: {seen.Certificates.Message})");
                await proxy.EnsureConnectedAsync(seen.Workloads["client"]);
                foreach (var account in Accounts)
                {
                    seen.Workloads[account].Data["ca.crt"].Should().Equal(seen.RootSecret.Data["ca.crt"], $"{account}'s mounted bundle is the root's (+{hour}h)");
                }

                if (root.Next is not null)
                {
                    stagedSeen = true;
                    r2 = root.Next.Subject;
                    Accounts.Should().OnlyContain(a => seen.Leaf(a).Issuer == r1, "a staged root signs nothing: every peer must trust it first");
                    root.Bundle.Select(b => b.Subject).Should().Equal(r2, r1);
                }

                // The last leaves the old root signed, as their Secrets hold them (with the bundle of that moment).
                if (seen.Leaf("client").Issuer == r1)
                {
                    lastClientR1?.Dispose();
                    lastClientR1 = MeshIdentity.From(seen.Workloads["client"]);
                }

                if (seen.Leaf("server").Issuer == r1)
                {
                    lastServerR1?.Dispose();
                    lastServerR1 = MeshIdentity.From(seen.Workloads["server"]);
                }

                if (!overlapChecked && r2 is not null && Accounts.All(a => seen.Leaf(a).Issuer == r2) && lastClientR1 is not null && lastServerR1 is not null)
                {
                    await CheckOverlapAsync(seen, lastClientR1, lastServerR1, preRotationBundle);
                    overlapChecked = true;
                }

                if (hour == 26)
                {
                    root.Bundle.Select(b => b.Subject).Should().Equal([r2], "the old root leaves the bundle once it has expired");
                    Accounts.Should().OnlyContain(a => seen.Leaf(a).Issuer == r2);
                }
            }
        }
        finally
        {
            lastClientR1?.Dispose();
            lastServerR1?.Dispose();
        }

        stagedSeen.Should().BeTrue("the rotation was observed with its successor staged");
        overlapChecked.Should().BeTrue("old-root and new-root leaves met during the overlap");

        // Phase 2: writes to the root Secret refused (a policy webhook that cannot be reached, failurePolicy Fail).
        var freeze = await _api.Kubectl.WithManifestAsync(Freeze("root-ca", FreePorts.Loopback()), "apply", "--server-side");
        freeze.ExitCode.Should().Be(0, freeze.ToString());
        var before = await SettleAsync(rootWritable: false);
        DateTimeOffset expiry;
        using (var root = before.Root())
        {
            expiry = CertificateFactory.NotAfter(root.Signer);
        }

        var expiryText = expiry.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        for (var hour = 27; hour <= 33; hour++)
        {
            _clock.Advance(Hour);
            var seen = await SettleAsync(rootWritable: false);
            await proxy.EnsureConnectedAsync(seen.Workloads["client"]);
            output.WriteLine($"+{hour,2}h (root frozen) {seen.Certificates}");
        }

        var warned = await AwaitCertificatesAsync(c => c.Status == "False");
        output.WriteLine($"at {_clock.GetUtcNow():u}, {expiry - _clock.GetUtcNow()} before the expiry: {warned}");
        warned.Reason.Should().Be("IssuanceFailed");
        warned.Message.Should().Contain($"expires at {expiryText}").And.Contain("has not happened");
        _clock.GetUtcNow().Should().BeBefore(expiry - TimeSpan.FromHours(6), "the status says so hours before the expiry bites");
        (await PolicyAsync())["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Ready")!["status"]!.GetValue<string>()
            .Should().Be("False", "Ready follows the failing condition");
        (await Client.CoreV1.ReadNamespacedSecretAsync(Ca.RootSecretName, "mesh-system")).Data.Should().NotContainKey("next.crt", "the refused rotation was not written");

        // The refusal lifted: the rotation goes through and the status recovers.
        await _api.Kubectl.MustAsync("delete", "validatingwebhookconfiguration", "freeze-root-ca");
        var staged = false;
        for (var i = 0; i < 24 && !staged; i++)
        {
            _clock.Advance(TimeSpan.FromMinutes(5)); // fires the root controller's retry backoff
            staged = await Eventually.Holds(async () => (await Client.CoreV1.ReadNamespacedSecretAsync(Ca.RootSecretName, "mesh-system")).Data.ContainsKey("next.crt"),
                TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(100));
        }

        staged.Should().BeTrue("the rotation is written once the Secret accepts writes");
        var recovered = await AwaitCertificatesAsync(c => c.Status == "True");
        recovered.Reason.Should().Be("Issued");

        // The sidecar's streams: every one ended at its maximum age (OK), none was refused or broken, each reconnect served.
        await proxy.EnsureConnectedAsync((await ObserveAsync()).Workloads["client"]);
        output.WriteLine($"sidecar streams: {proxy.Streams} ({proxy.Streams - 1} reconnects after the maximum age)");
        proxy.Failures.Should().BeEmpty();
        proxy.Streams.Should().BeGreaterThan(1);
        await proxy.Current.SubscribeAsync(ClusterType);
        (await proxy.Current.ReceiveAsync(ClusterType)).TypeUrl.Should().Be(ClusterType, "the current stream answers a new subscription");
    }

    [Fact]
    public async Task A_refused_workload_certificate_renewal_shows_in_status_with_its_expiry_before_it_bites()
    {
        var start = await SettleAsync(rootWritable: true);
        using var leaf = start.Leaf("client");
        var expiry = new DateTimeOffset(leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var freeze = await _api.Kubectl.WithManifestAsync(Freeze("workload-certificate", FreePorts.Loopback()), "apply", "--server-side");
        freeze.ExitCode.Should().Be(0, freeze.ToString());

        _clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1)); // past the renewal time (half of 4 h)
        var refused = await AwaitCertificatesAsync(c => c.Status == "False");
        output.WriteLine($"at {_clock.GetUtcNow():u}, {expiry - _clock.GetUtcNow()} before the expiry: {refused}");
        refused.Reason.Should().Be("IssuanceFailed");
        refused.Message.Should().Contain($"Secret {Ns}/mesh-workload-").And.Contain("failed calling webhook \"freeze.workload-certificate.mesh.dev\"")
            .And.Contain($"stays valid until {expiry.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}");
        _clock.GetUtcNow().Should().BeBefore(expiry - TimeSpan.FromHours(1), "the status says so well before the certificate expires");

        // Writes accepted again: the next retry (30 s on the operator's clock) renews, and the status recovers.
        await _api.Kubectl.MustAsync("delete", "validatingwebhookconfiguration", "freeze-workload-certificate");
        var recovered = false;
        for (var i = 0; i < 10 && !recovered; i++)
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            recovered = await Eventually.Holds(async () => CertificatesOf(await PolicyAsync()).Status == "True", TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(100));
        }

        recovered.Should().BeTrue("the renewal is written once the Secrets accept writes");
        using var renewed = (await SettleAsync(rootWritable: true)).Leaf("client");
        renewed.NotAfter.Should().BeAfter(leaf.NotAfter, "the certificate was renewed");
    }

    /// <summary>
    /// Both leaves renewed by the new root, the last old-root leaves still valid: every mix handshakes, with the bundles
    /// as mounted now; a proxy that kept its pre-rotation bundle would refuse the new root (why staging matters); and
    /// the operator's mTLS xDS port takes a sidecar with either leaf.
    /// </summary>
    private async Task CheckOverlapAsync(RotationObservation seen, MeshIdentity clientR1, MeshIdentity serverR1, X509Certificate2Collection preRotationBundle)
    {
        var now = _clock.GetUtcNow();
        using var clientR2 = MeshIdentity.From(seen.Workloads["client"]);
        using var serverR2 = MeshIdentity.From(seen.Workloads["server"]);
        output.WriteLine($"overlap at {now:u}: client {Cn(clientR1.Leaf)} -> server {Cn(serverR2.Leaf)}, client {Cn(clientR2.Leaf)} -> server {Cn(serverR1.Leaf)}");
        clientR1.Leaf.NotAfter.ToUniversalTime().Should().BeAfter(now.UtcDateTime, "the old-root leaf is still valid");

        (await MeshIdentity.HandshakeAsync(clientR1, serverR2, now)).Should().BeNull("an old-root client and a new-root server trust each other during the overlap");
        (await MeshIdentity.HandshakeAsync(clientR2, serverR1, now)).Should().BeNull("and the other way round");
        (await MeshIdentity.HandshakeAsync(clientR2, serverR2, now)).Should().BeNull();
        using var stale = clientR1.WithBundle(preRotationBundle);
        (await MeshIdentity.HandshakeAsync(stale, serverR2, now)).Should().NotBeNull("a proxy that never got the staged root could not trust the new leaves (the control)");

        foreach (var identity in new[] { clientR1, clientR2 })
        {
            await using var sidecar = new AdsTestClient(XdsTlsAddress, NodeId("client"), identity.XdsChannel(_clock));
            await sidecar.SubscribeAsync(ListenerType);
            (await sidecar.ReceiveAsync(ListenerType)).Resources.Should().NotBeEmpty($"a sidecar with the {Cn(identity.Leaf)} leaf is served");
        }
    }

    /// <summary>Waits until the operator has nothing left to do at the current time (the root too, unless it is frozen).</summary>
    private async Task<RotationObservation> SettleAsync(bool rootWritable)
    {
        RotationObservation? last = null;
        var settled = await Eventually.Holds(async () =>
        {
            last = await ObserveAsync();
            return last.Settled(rootWritable, _clock.GetUtcNow());
        }, Settle, TimeSpan.FromMilliseconds(50));
        settled.Should().BeTrue($"the operator settles at {_clock.GetUtcNow():u}; last seen: {last?.Certificates}");
        return last!;
    }

    private async Task<(string Status, string Reason, string Message)> AwaitCertificatesAsync(Func<(string Status, string Reason, string Message), bool> condition)
    {
        (string, string, string) last = default;
        var held = await Eventually.Holds(async () => condition(last = CertificatesOf(await PolicyAsync())), Settle, TimeSpan.FromMilliseconds(100));
        held.Should().BeTrue($"CertificatesReady reaches the expected state; last: {last}");
        return last;
    }

    private async Task<RotationObservation> ObserveAsync()
    {
        var secrets = (await Client.CoreV1.ListNamespacedSecretAsync(Ns)).Items.ToDictionary(s => s.Metadata.Name);
        var root = (await Client.CoreV1.ListNamespacedSecretAsync("mesh-system")).Items.FirstOrDefault(s => s.Metadata.Name == Ca.RootSecretName);
        var workloads = Accounts.Where(a => secrets.ContainsKey($"mesh-workload-{a}")).ToDictionary(a => a, a => secrets[$"mesh-workload-{a}"]);
        return new RotationObservation(root, workloads, CertificatesOf(await PolicyAsync()));
    }

    private async Task<JsonNode> PolicyAsync() =>
        JsonNode.Parse(await Client.HttpClient.GetStringAsync(new Uri(Client.BaseUri, $"apis/mesh.dev/v1alpha1/namespaces/{Ns}/meshpolicies/{Ns}")))!;

    private static (string Status, string Reason, string Message) CertificatesOf(JsonNode policy) =>
        (policy["status"]?["conditions"] as JsonArray ?? []).Where(c => (string?)c!["type"] == "CertificatesReady")
            .Select(c => ((string)c!["status"]!, (string)c["reason"]!, (string)c["message"]!)).FirstOrDefault(("", "", ""));

    private string XdsTlsAddress =>
        _operator!.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Skip(1).First();

    private static string NodeId(string account) => SidecarContract.NodeId($"10.7.0.{(account == "client" ? 10 : 11)}", $"{account}-0", Ns);

    private static string Cn(X509Certificate2 certificate) => certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false) is { Length: > 0 } cn
        ? cn
        : "leaf of " + certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: true);

    /// <summary>Refuses every write to the Secrets of one component (a policy webhook that cannot be reached, failurePolicy Fail).</summary>
    private static string Freeze(string component, int port) => $$$"""
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata: {name: freeze-{{{component}}}}
        webhooks:
          - name: freeze.{{{component}}}.mesh.dev
            clientConfig: {url: "https://127.0.0.1:{{{port}}}/validate"}
            rules: [{operations: [CREATE, UPDATE], apiGroups: [""], apiVersions: [v1], resources: [secrets]}]
            objectSelector: {matchLabels: {app.kubernetes.io/component: {{{component}}}}}
            failurePolicy: Fail
            sideEffects: None
            admissionReviewVersions: [v1]
            timeoutSeconds: 2

        """;

    private const string Manifests = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: rotation}
        ---
        apiVersion: mesh.dev/v1alpha1
        kind: MeshPolicy
        metadata: {name: rotation, namespace: rotation}
        spec:
          workloads:
            selector: {matchLabels: {mesh.dev/member: "true"}}
          mtls:
            mode: Strict
            certificates: {provider: BuiltIn, duration: 4h, renewBefore: 2h}
          services:
            - name: server
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: client, namespace: rotation}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: server, namespace: rotation}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: server, namespace: rotation}
        spec:
          selector: {app: server}
          ports: [{name: http, port: 8080, targetPort: 8080, appProtocol: http}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: client-0, namespace: rotation, labels: {app: client, mesh.dev/member: "true"}}
        spec:
          serviceAccountName: client
          containers: [{name: app, image: example.com/client:1}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: server-0, namespace: rotation, labels: {app: server, mesh.dev/member: "true"}}
        spec:
          serviceAccountName: server
          containers: [{name: app, image: example.com/server:1, ports: [{containerPort: 8080}]}]

        """;
}
