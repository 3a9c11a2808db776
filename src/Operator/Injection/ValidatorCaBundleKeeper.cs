using k8s.Models;
using Mesh.Operator.Certificates;
using Mesh.Operator.Runtime;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Injection;

/// <summary>
/// Leader only, with the built-in CA: keeps caBundle of the MeshPolicy validator's ValidatingWebhookConfiguration equal
/// to the root Secret's trust bundle, exactly as <see cref="CaBundleKeeper"/> does for the injector's (same patch, same
/// guard). Without it the API server could not trust the validator, and failurePolicy Ignore would silently skip it.
/// </summary>
internal sealed class ValidatorCaBundleKeeper(
    KubeApi api,
    ObjectCache<V1ValidatingWebhookConfiguration> configurations,
    ObjectCache<V1Secret> secrets,
    BuiltInCaOptions caOptions) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        if (key.Name != SidecarContract.ValidatorConfigurationName)
        {
            return ReconcileResult.Done;
        }
        var configuration = configurations.Get(key);
        var root = secrets.Get(caOptions.OperatorNamespace, caOptions.RootSecretName);
        byte[]? bundle = null;
        if (configuration is null || root?.Data?.TryGetValue(CertificateNames.CaCrt, out bundle) != true || bundle is not { Length: > 0 })
        {
            return ReconcileResult.Done; // not installed yet, or no root yet: their events wake us
        }
        var patch = CaBundlePatch.For(configuration, bundle, caOptions.OperatorNamespace);
        if (patch.Count > 0)
        {
            await api.SendForStringAsync(HttpMethod.Patch, WebhookKinds.ValidatingWebhookConfiguration.ObjectPath(key), patch.ToJsonString(), "application/json-patch+json", ct).ConfigureAwait(false);
        }
        return ReconcileResult.Done;
    }
}
