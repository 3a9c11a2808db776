using Mesh.Operator.Certificates;
using Mesh.Operator.Hosting;
using Mesh.Operator.Runtime;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mesh.Operator.Injection;

/// <summary>Wires the sidecar injector into the operator host: services, the HTTPS listener, the certificate.</summary>
public static class WebhookHosting
{
    /// <summary>Registers the webhook's services. Call before the controller manager's hosted service is added, so the
    /// serving certificate is issued before the controllers (and the pods they cause) start.</summary>
    public static void AddSidecarInjector(this IServiceCollection services, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(options);
        services.TryAddSingleton(options.Injector);
        // The API from the start: admission may come before the controllers are set up (leader election, informer start).
        services.TryAddSingleton(sp => new InformerPolicySource(sp.GetRequiredService<ControllerManager>().Api));
        services.TryAddSingleton<IInjectionPolicySource>(sp => sp.GetRequiredService<InformerPolicySource>());
        services.TryAddSingleton<AdmissionHandler>();
        services.TryAddSingleton<IMeshStateSource>(sp => new ApiMeshStateSource(sp.GetRequiredService<Runtime.KubeApi>()));
        services.TryAddSingleton<MeshPolicyValidationHandler>();
        if (options.CertificateDirectory is { } directory)
        {
            services.TryAddSingleton<IWebhookCertificateSource>(sp => new FileWebhookCertificate(directory, sp.GetRequiredService<TimeProvider>()));
        }
        else
        {
            services.TryAddSingleton(sp => new BuiltInWebhookCertificate(
                sp.GetRequiredService<Runtime.KubeApi>(), sp.GetService<BuiltInCaOptions>() ?? new BuiltInCaOptions(), sp.GetRequiredService<TimeProvider>()));
            services.TryAddSingleton<IWebhookCertificateSource>(sp => sp.GetRequiredService<BuiltInWebhookCertificate>());
            services.AddHostedService<WebhookCertificateService>();
        }
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IControllerSetup, InjectionSetup>());
    }

    /// <summary>Adds the webhook's HTTPS listener; the certificate is asked for on every handshake, so renewals need no restart.</summary>
    public static void ListenWebhook(this KestrelServerOptions kestrel, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Endpoint is null)
        {
            return;
        }
        kestrel.Listen(options.Endpoint, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            var services = listen.ApplicationServices;
            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificateSelector = (_, _) => services.GetRequiredService<IWebhookCertificateSource>().Current,
            });
        });
    }
}
