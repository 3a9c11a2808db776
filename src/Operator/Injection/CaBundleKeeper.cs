using k8s.Models;
using Mesh.Operator.Certificates;
using Mesh.Operator.Runtime;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Injection;

/// <summary>
/// Leader only: keeps caBundle of the injector's MutatingWebhookConfiguration equal to the built-in CA's trust bundle
/// (ca.crt of the root Secret, which holds a staged successor root before it signs, so rotation never breaks the
/// webhook). Woken by the configuration and by the root Secret; writes only when the bundle differs.
/// </summary>
internal sealed class CaBundleKeeper(
    KubeApi api,
    ObjectCache<V1MutatingWebhookConfiguration> configurations,
    ObjectCache<V1Secret> secrets,
    BuiltInCaOptions caOptions) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        if (key.Name != SidecarContract.InjectorConfigurationName)
        {
            return ReconcileResult.Done;
        }
        var configuration = configurations.Get(key);
        var root = secrets.Get(caOptions.OperatorNamespace, caOptions.RootSecretName);
        byte[]? bundle = null;
        if (configuration is null || root?.Data?.TryGetValue(CertificateNames.CaCrt, out bundle) != true || bundle is not { Length: > 0 })
        {
            return ReconcileResult.Done; // not installed (GitOps has not applied it yet), or no root yet: their events wake us
        }
        var patch = CaBundlePatch.For(configuration, bundle, caOptions.OperatorNamespace);
        if (patch.Count > 0)
        {
            await api.SendForStringAsync(HttpMethod.Patch, WebhookKinds.MutatingWebhookConfiguration.ObjectPath(key), patch.ToJsonString(), "application/json-patch+json", ct).ConfigureAwait(false);
        }
        return ReconcileResult.Done;
    }
}
