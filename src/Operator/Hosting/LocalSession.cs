using System.Net;
using System.Reflection;
using k8s;
using Mesh.LocalCluster;
using Mesh.Operator.Injection;
using Mesh.Operator.Runtime;
using Mesh.XdsServer.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Operator.Hosting;

/// <summary>
/// A running local mode: the embedded API, its kubeconfig, the installed CRDs and the operator (with xDS) on it.
/// The fixture of the end-to-end tests and the body of <c>mesh-operator local</c>.
/// </summary>
public sealed class LocalSession : IAsyncDisposable
{
    private LocalSession(LocalApiServer api, WebApplication app, string kubeconfig, IReadOnlyList<string> applied)
    {
        Api = api;
        App = app;
        KubeconfigPath = kubeconfig;
        Applied = applied;
    }

    public LocalApiServer Api { get; }

    public WebApplication App { get; }

    /// <summary>Absolute path of the kubeconfig that kubectl and KubernetesClient use.</summary>
    public string KubeconfigPath { get; }

    /// <summary>The sidecar injector's HTTPS base address on loopback (what the embedded API calls for mesh-webhook), or null.</summary>
    public Uri? WebhookUrl { get; private init; }

    /// <summary>What --apply created or updated.</summary>
    public IReadOnlyList<string> Applied { get; }

    /// <summary>The addresses the operator listens on (metrics/health first, then plaintext xDS, then mTLS xDS, then the webhook).</summary>
    public IReadOnlyList<string> Urls =>
        App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    public static async Task<LocalSession> StartAsync(LocalModeOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        // A kubeconfig left by an earlier run names a port nothing listens on any more: gone until this one is ready.
        if (File.Exists(options.KubeconfigPath))
        {
            File.Delete(options.KubeconfigPath);
        }

        var api = await LocalApiServer.StartAsync(new LocalApiServerOptions(), ct).ConfigureAwait(false);
        try
        {
            // The kubeconfig file is written last: whoever waits for it to appear finds the CRDs served, --apply done and
            // the operator (with its webhooks) running. Until then everything here talks to the API directly.
            var config = api.ClientConfiguration;
            using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
            IReadOnlyList<string> applied;
            WebhookOptions? webhook;
            using (var client = new Kubernetes(config))
            {
                var applier = new ManifestApplier(new KubeApi(client), TimeProvider.System, loggers.CreateLogger<ManifestApplier>());
                await applier.ApplyYamlAsync([NamespaceYaml(options.OperatorNamespace), .. EmbeddedCrds()], ct).ConfigureAwait(false);
                webhook = await InstallWebhookAsync(api, new KubeApi(client), options, ct).ConfigureAwait(false);
                applied = await applier.ApplyAsync(options.Apply, ct).ConfigureAwait(false);
            }

            var app = OperatorHost.Build(new OperatorHostOptions
            {
                Kubernetes = config,
                HttpEndpoint = new IPEndPoint(IPAddress.Loopback, options.HttpPort),
                XdsEndpoint = options.XdsPort is { } xds ? new IPEndPoint(IPAddress.Loopback, xds) : null,
                Webhook = webhook,
                XdsTlsEndpoint = options.XdsTlsPort is { } tls ? new IPEndPoint(IPAddress.Loopback, tls) : null,
                Manager = new ControllerManagerOptions { LeaderElection = options.LeaderElection(options.OperatorNamespace) },
                ConfigureServices = services =>
                {
                    // What a cluster runs beside us and local mode lacks: simulated Pods/EndpointSlices, a cert-manager stand-in.
                    services.TryAddEnumerable(ServiceDescriptor.Singleton<IControllerSetup, Local.LocalStandInsSetup>());
                    // Local clients dial 127.0.0.1 / localhost: the xDS server certificate names it too.
                    services.TryAddSingleton(new Publishing.XdsIdentityOptions { ExtraDnsNames = ["localhost"] });
                    options.ConfigureServices?.Invoke(services);
                },
            });
            await app.StartAsync(ct).ConfigureAwait(false);
            using (var client = new Kubernetes(config))
            {
                // The operator as a Pod that pods/proxy reaches (meshctl proxy-status asks every operator pod).
                await Local.OperatorPod.RegisterAsync(api, client, options.OperatorNamespace, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port, TimeProvider.System, ct).ConfigureAwait(false);
            }
            var kubeconfig = Path.GetFullPath(api.WriteKubeconfig(options.KubeconfigPath));
            return new LocalSession(api, app, kubeconfig, applied)
            {
                WebhookUrl = webhook?.Endpoint is { } endpoint ? new Uri($"https://{endpoint}") : null,
            };
        }
        catch
        {
            await api.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the operator (releasing its Lease), then the embedded API.</summary>
    public async ValueTask DisposeAsync()
    {
        await App.StopAsync().ConfigureAwait(false);
        await App.DisposeAsync().ConfigureAwait(false);
        await Api.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// What <c>kubectl apply -k config/webhook</c> does in a cluster: the Service mesh-webhook (resolved by the embedded
    /// API to a free loopback port) and the MutatingWebhookConfiguration with the built-in CA's bundle, before the
    /// operator starts so that the first simulated pods already go through the injector.
    /// </summary>
    private static async Task<WebhookOptions?> InstallWebhookAsync(LocalApiServer api, KubeApi kube, LocalModeOptions options, CancellationToken ct)
    {
        if (options.WebhookPort is not { } requested)
        {
            return null;
        }
        var port = requested == 0 ? FreeLoopbackPort() : requested;
        var caOptions = new Certificates.BuiltInCaOptions();
        api.ServiceEndpoints.Map(caOptions.OperatorNamespace, XdsServer.Contract.SidecarContract.WebhookServiceName,
            XdsServer.Contract.SidecarContract.WebhookServicePort, new Uri($"https://127.0.0.1:{port}"));
        await WebhookInstaller.InstallAsync(kube, caOptions, TimeProvider.System, ct, withValidator: true).ConfigureAwait(false);
        return new WebhookOptions { Endpoint = new IPEndPoint(IPAddress.Loopback, port) };
    }

    private static int FreeLoopbackPort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    internal static IEnumerable<string> EmbeddedCrds()
    {
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("crd/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return reader.ReadToEnd();
        }
    }

    private static string NamespaceYaml(string name) => $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\n";
}
