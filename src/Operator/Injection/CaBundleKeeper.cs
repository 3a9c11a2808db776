using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Mesh.Operator.Certificates;
using Mesh.Operator.Runtime;

namespace Mesh.Operator.Injection;

/// <summary>
/// Leader only, with the built-in CA: keeps caBundle of one of our webhook configurations (the injector's
/// MutatingWebhookConfiguration, the MeshPolicy validator's ValidatingWebhookConfiguration) equal to the trust bundle
/// (ca.crt of the root Secret, which holds a staged successor root before it signs, so rotation never breaks the
/// webhook). Without it the API server could not trust the webhook; for the validator, failurePolicy Ignore would then
/// skip it silently. Woken by the configuration and by the root Secret; writes only when the bundle differs.
/// </summary>
internal sealed class CaBundleKeeper<T>(
    KubeApi api,
    ResourceKind kind,
    string configurationName,
    ObjectCache<T> configurations,
    ObjectCache<V1Secret> secrets,
    BuiltInCaOptions caOptions,
    Func<T, byte[], string, JsonArray> patchFor) : IReconciler
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        if (key.Name != configurationName)
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
        var patch = patchFor(configuration, bundle, caOptions.OperatorNamespace);
        if (patch.Count > 0)
        {
            await api.SendForStringAsync(HttpMethod.Patch, kind.ObjectPath(key), patch.ToJsonString(), "application/json-patch+json", ct).ConfigureAwait(false);
        }
        return ReconcileResult.Done;
    }
}
