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
        Keep<V1MutatingWebhookConfiguration>(WebhookKinds.MutatingWebhookConfiguration, SidecarContract.InjectorConfigurationName, "webhook-cabundle", CaBundlePatch.For);
        Keep<V1ValidatingWebhookConfiguration>(WebhookKinds.ValidatingWebhookConfiguration, SidecarContract.ValidatorConfigurationName, "validator-cabundle", CaBundlePatch.For);

        void Keep<T>(ResourceKind kind, string name, string controller, Func<T, byte[], string, System.Text.Json.Nodes.JsonArray> patchFor)
            where T : class, k8s.IKubernetesObject<V1ObjectMeta>
        {
            var keeper = new CaBundleKeeper<T>(manager.Api, kind, name, manager.Cache<T>(kind), manager.Cache<V1Secret>(ResourceKinds.Secret), caOptions, patchFor);
            ObjectKey[] Ours(V1Secret secret) =>
                secret.Metadata.NamespaceProperty == caOptions.OperatorNamespace && secret.Metadata.Name == caOptions.RootSecretName
                    ? [ObjectKey.Create(null, name)]
                    : [];
            manager.For<T>(kind, controller)
                .Watches<V1Secret>(ResourceKinds.Secret, Ours)
                .WithOptions(services.GetRequiredService<ControllerOptions>())
                .Complete(keeper);
        }
    }
}
