using k8s.Models;
using Mesh.Operator.Certificates;
using Mesh.Operator.Entities;
using Mesh.Operator.Hosting;
using Mesh.Operator.Runtime;
using Mesh.XdsServer.Contract;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Operator.Injection;

/// <summary>
/// Gives the webhook the MeshPolicy informer (every replica: each one answers admission) and, with the built-in CA,
/// runs the caBundle keeper (leader only, like every controller).
/// </summary>
internal sealed class InjectionSetup : IControllerSetup
{
    public void Setup(ControllerManager manager, IServiceProvider services)
    {
        services.GetRequiredService<InformerPolicySource>().Attach(manager.Informer<MeshPolicy>(ResourceKinds.MeshPolicy));
        var options = services.GetRequiredService<WebhookOptions>();
        if (options.CertificateDirectory is not null)
        {
            return; // cert-manager's cainjector owns caBundle
        }
        var caOptions = services.GetService<BuiltInCaOptions>() ?? new BuiltInCaOptions();
        var keeper = new CaBundleKeeper(
            manager.Api,
            manager.Cache<V1MutatingWebhookConfiguration>(WebhookKinds.MutatingWebhookConfiguration),
            manager.Cache<V1Secret>(ResourceKinds.Secret),
            caOptions);
        ObjectKey[] Ours(V1Secret secret) =>
            secret.Metadata.NamespaceProperty == caOptions.OperatorNamespace && secret.Metadata.Name == caOptions.RootSecretName
                ? [ObjectKey.Create(null, SidecarContract.InjectorConfigurationName)]
                : [];
        manager.For<V1MutatingWebhookConfiguration>(WebhookKinds.MutatingWebhookConfiguration, "webhook-cabundle")
            .Watches<V1Secret>(ResourceKinds.Secret, Ours)
            .WithOptions(services.GetRequiredService<ControllerOptions>())
            .Complete(keeper);
        var validatorKeeper = new ValidatorCaBundleKeeper(
            manager.Api,
            manager.Cache<V1ValidatingWebhookConfiguration>(WebhookKinds.ValidatingWebhookConfiguration),
            manager.Cache<V1Secret>(ResourceKinds.Secret),
            caOptions);
        ObjectKey[] Validator(V1Secret secret) =>
            secret.Metadata.NamespaceProperty == caOptions.OperatorNamespace && secret.Metadata.Name == caOptions.RootSecretName
                ? [ObjectKey.Create(null, SidecarContract.ValidatorConfigurationName)]
                : [];
        manager.For<V1ValidatingWebhookConfiguration>(WebhookKinds.ValidatingWebhookConfiguration, "validator-cabundle")
            .Watches<V1Secret>(ResourceKinds.Secret, Validator)
            .WithOptions(services.GetRequiredService<ControllerOptions>())
            .Complete(validatorKeeper);
    }
}
