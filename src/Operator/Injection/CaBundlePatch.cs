using System.Text.Json.Nodes;
using k8s.Models;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Injection;

/// <summary>
/// The JSON Patch that sets caBundle on the webhooks of our configuration that call our Service, and on nothing else:
/// every other field belongs to whoever applied the object (kubectl, Argo CD). Each replace is guarded by a test of the
/// webhook's name, so a concurrent reordering fails the patch instead of writing into the wrong entry. Empty when
/// every caBundle is already right (no write, no GitOps churn).
/// </summary>
public static class CaBundlePatch
{
    public static JsonArray For(V1MutatingWebhookConfiguration configuration, byte[] bundle, string operatorNamespace)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return For((configuration.Webhooks ?? []).Select(w => (w.Name, (Admissionregistrationv1WebhookClientConfig?)w.ClientConfig)).ToList(), bundle, operatorNamespace);
    }

    /// <summary>The same for the MeshPolicy validator's configuration.</summary>
    public static JsonArray For(V1ValidatingWebhookConfiguration configuration, byte[] bundle, string operatorNamespace)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return For((configuration.Webhooks ?? []).Select(w => (w.Name, (Admissionregistrationv1WebhookClientConfig?)w.ClientConfig)).ToList(), bundle, operatorNamespace);
    }

    private static JsonArray For(List<(string Name, Admissionregistrationv1WebhookClientConfig? ClientConfig)> webhooks, byte[] bundle, string operatorNamespace)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var patch = new JsonArray();
        for (var i = 0; i < webhooks.Count; i++)
        {
            var webhook = webhooks[i];
            var service = webhook.ClientConfig?.Service;
            if (service?.Name != SidecarContract.WebhookServiceName || service.NamespaceProperty != operatorNamespace)
            {
                continue;
            }
            if (webhook.ClientConfig!.CaBundle is { } current && current.AsSpan().SequenceEqual(bundle))
            {
                continue;
            }
            patch.Add(new JsonObject { ["op"] = "test", ["path"] = $"/webhooks/{i}/name", ["value"] = webhook.Name });
            patch.Add(new JsonObject { ["op"] = "add", ["path"] = $"/webhooks/{i}/clientConfig/caBundle", ["value"] = Convert.ToBase64String(bundle) });
        }
        return patch;
    }
}
