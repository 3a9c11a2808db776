using k8s;
using Mesh.Operator.Injection;
using Mesh.Operator.Runtime;
using Mesh.Operator.Publishing;
using Mesh.Operator.Reconciliation;
using Mesh.Operator.Certificates;
using Mesh.XdsServer.Config;
using Mesh.XdsServer.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Mesh.Operator.Hosting;

/// <summary>
/// Composes the operator process: Kubernetes client, controller manager (informers on every replica, controllers on
/// the leader), events, /metrics, /healthz, /readyz and, when an endpoint is given, the xDS server (every replica).
/// </summary>
public static class OperatorHost
{
    public static WebApplication Build(OperatorHostOptions options, string[]? args = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args ?? [] });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(options.HttpEndpoint, l => l.Protocols = HttpProtocols.Http1);
            if (options.XdsEndpoint is not null)
            {
                kestrel.Listen(options.XdsEndpoint, l => l.Protocols = HttpProtocols.Http2);
            }
            if (options.XdsTlsEndpoint is not null)
            {
                kestrel.Listen(options.XdsTlsEndpoint, l => l.UseXdsTls());
            }

            // Last, so that LocalSession.Urls keeps its order: metrics/health, plaintext xDS, mTLS xDS, webhook.
            if (options.Webhook is not null)
            {
                kestrel.ListenWebhook(options.Webhook);
            }
        });
        // Reconciles in flight get ControllerManagerOptions.ShutdownGracePeriod; leave room to release the Lease.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.Manager.ShutdownGracePeriod + TimeSpan.FromSeconds(10));

        AddOperatorServices(builder.Services, options);
        var servesXds = options.XdsEndpoint is not null || options.XdsTlsEndpoint is not null;
        if (servesXds)
        {
            // Every replica serves xDS, leader or not: proxies connect to any of them.
            // MeshPublisher already merges changes within its 30 ms window and sets every scope's snapshot in one batch:
            // the streams' own debounce only has to merge that batch, so it is 10 ms instead of the server's 100 ms. Under
            // churn (an endpoint change every 50 ms) a 100 ms quiet period never came and each change waited for the
            // 1 s maximum; a minimum interval of 100 ms between pushes bounds the push rate instead.
            builder.Services.AddXdsServer(xds =>
            {
                xds.Debounce = TimeSpan.FromMilliseconds(10);
                xds.MinPushInterval = TimeSpan.FromMilliseconds(100);
            });
        }

        options.ConfigureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", (ControllerManager manager) =>
            manager.IsReady ? Results.Text("ok") : Results.Text("informer caches are not synced yet", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapMetrics("/metrics");
        OperatorMetricsSetup.LeaveOutHotFrameworkMeters();
        if (servesXds)
        {
            app.MapXdsServer();
        }
        if (options.Webhook is not null)
        {
            app.MapSidecarInjector();
            app.MapMeshPolicyValidator();
        }

        return app;
    }

    /// <summary>The operator's services, each added with TryAdd so a host or a test can replace it first.</summary>
    public static void AddOperatorServices(IServiceCollection services, OperatorHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => new Kubernetes(options.Kubernetes));
        services.TryAddSingleton<IKubernetes>(sp => sp.GetRequiredService<Kubernetes>());
        services.TryAddSingleton(sp => new KubeApi(sp.GetRequiredService<Kubernetes>()));
        services.TryAddSingleton(sp => new ControllerManager(
            sp.GetRequiredService<KubeApi>(), options.Manager, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton(options.Controllers);
        services.TryAddSingleton<IEventRecorder, KubeEventRecorder>();
        // The xDS cache and proxy status exist on every replica; the gRPC endpoint is mapped only when it listens.
        // Node ids are checked against the client certificate (mTLS port) and refused for sidecars on plaintext.
        services.TryAddSingleton(new BuiltInCaOptions());
        services.TryAddSingleton(new XdsIdentityOptions());
        services.TryAddSingleton<IXdsCredentials>(sp => new XdsCredentials(
            sp.GetRequiredService<ControllerManager>(), sp.GetRequiredService<BuiltInCaOptions>(), sp.GetRequiredService<XdsIdentityOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<INodeAuthorizer, SpiffeNodeAuthorizer>();
        services.AddMeshConfigServer();
        if (options.Manager.LeaderElection is { } election)
        {
            // Several replicas may serve proxies: each reports its proxies' answers to the leader through its Lease.
            services.TryAddSingleton(election);
            services.AddHostedService<ReplicaStatusWriter>();
        }

        services.TryAddSingleton<MeshPublisher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IControllerSetup, MeshPolicyControllerSetup>());
        if (options.Webhook is not null)
        {
            services.AddSidecarInjector(options.Webhook);
        }
        services.AddHostedService<ControllerManagerService>();
    }
}
