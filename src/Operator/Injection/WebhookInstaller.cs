using System.Net;
using System.Text.Json.Nodes;
using k8s.Models;
using Mesh.Operator.Certificates;
using Mesh.Operator.Runtime;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Injection;

/// <summary>
/// Local mode's stand-in for <c>kubectl apply -k config/webhook</c>: makes sure the built-in root CA exists and installs
/// the injector's and the MeshPolicy validator's configurations from the embedded templates with the caBundle filled
/// in, and the workload certificate policy, before the operator starts, so the first simulated pods (and applied
/// policies) already go through admission.
/// </summary>
internal static class WebhookInstaller
{
    /// <param name="withValidator">
    /// Also the MeshPolicy validator (local mode installs both). Its admission round trip makes a policy take a little
    /// longer to exist, so a folder must create its policy before its workloads (the samples name it 01-meshpolicy.yaml:
    /// <c>kubectl apply -f dir/</c> goes in file-name order), or the first pods start without a sidecar.
    /// </param>
    public static async Task InstallAsync(KubeApi api, BuiltInCaOptions caOptions, TimeProvider time, CancellationToken ct, bool withValidator = false)
    {
        var certificate = new BuiltInWebhookCertificate(api, caOptions, time);
        using (certificate)
        {
            await certificate.RefreshAsync(ct).ConfigureAwait(false);
        }
        await PutAsync(api, WebhookKinds.MutatingWebhookConfiguration, SidecarContract.InjectorConfigurationName,
            WebhookConfigurationTemplate.Build(caOptions.OperatorNamespace, certificate.BundlePem), ct).ConfigureAwait(false);
        if (withValidator)
        {
            await PutAsync(api, WebhookKinds.ValidatingWebhookConfiguration, SidecarContract.ValidatorConfigurationName,
                WebhookConfigurationTemplate.BuildValidating(caOptions.OperatorNamespace, certificate.BundlePem), ct).ConfigureAwait(false);
        }

        foreach (var document in WebhookConfigurationTemplate.WorkloadSecretPolicy())
        {
            var kind = (string?)document["kind"] == WebhookKinds.ValidatingAdmissionPolicy.Kind
                ? WebhookKinds.ValidatingAdmissionPolicy
                : WebhookKinds.ValidatingAdmissionPolicyBinding;
            await PutAsync(api, kind, (string)document["metadata"]!["name"]!, document, ct).ConfigureAwait(false);
        }
    }

    private static async Task PutAsync(KubeApi api, ResourceKind kind, string name, JsonObject config, CancellationToken ct)
    {
        var key = ObjectKey.Create(null, name);
        try
        {
            await api.SendForStringAsync(HttpMethod.Post, kind.CollectionPath(), config.ToJsonString(), "application/json", ct).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            var current = JsonNode.Parse(await api.SendForStringAsync(HttpMethod.Get, kind.ObjectPath(key), null, null, ct).ConfigureAwait(false))!;
            config["metadata"]!["resourceVersion"] = (string?)current["metadata"]?["resourceVersion"];
            await api.SendForStringAsync(HttpMethod.Put, kind.ObjectPath(key), config.ToJsonString(), "application/json", ct).ConfigureAwait(false);
        }
    }
}
