using System.CommandLine;
using System.Text.Json;
using k8s;
using Mesh.Meshctl.Kube;
using Mesh.Meshctl.Proxies;
using Mesh.Operator.Entities;

namespace Mesh.Meshctl.Describe;

/// <summary><c>meshctl describe pod POD.NAMESPACE</c>: the policy, sidecar, Services, rules and mTLS mode that apply to one pod.</summary>
internal static class DescribeCommand
{
    public static Command Create(Option<string?> kubeconfig, TextWriter stdout)
    {
        var pod = new Argument<string>("POD.NAMESPACE") { Description = "The pod (POD.NAMESPACE, or POD with -n)." };
        var ns = new Option<string?>("--namespace", "-n") { Description = "The namespace of POD." };
        var podCommand = new Command("pod", "Which policy governs the pod, its sidecar state, the Services it backs, the rules in and out, its mTLS mode.")
        {
            pod, ns, kubeconfig,
        };
        podCommand.SetAction(async (result, ct) =>
        {
            var target = PodName.Parse(result.GetValue(pod)!, result.GetValue(ns));
            using var client = KubeClientFactory.Create(result.GetValue(kubeconfig));
            var live = await new ProxyDirectory(new ControlPlaneClient(client)).RequirePodAsync(target, ct).ConfigureAwait(false);
            var policies = await PoliciesAsync(client, target.Namespace, ct).ConfigureAwait(false);
            var services = await KubeClientFactory.Call(client, $"list services in {target.Namespace}",
                () => client.CoreV1.ListNamespacedServiceAsync(target.Namespace, cancellationToken: ct)).ConfigureAwait(false);
            PodDescriber.Write(stdout, live, policies, services.Items.ToList());
            return 0;
        });
        return new Command("describe", "Describe how the mesh treats an object.") { podCommand };
    }

    private static async Task<IReadOnlyList<MeshPolicy>> PoliciesAsync(Kubernetes client, string ns, CancellationToken ct)
    {
        try
        {
            var list = (JsonElement)await KubeClientFactory.Call(client, $"list meshpolicies in {ns}",
                () => client.CustomObjects.ListNamespacedCustomObjectAsync(MeshPolicy.KubeGroup, MeshPolicy.KubeApiVersion, ns, MeshPolicy.KubePluralName, cancellationToken: ct)).ConfigureAwait(false);
            return KubernetesJson.Deserialize<MeshPolicyList>(list.GetRawText()).Items?.ToList() ?? [];
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw new Cli.CommandFailure("the API server does not serve meshpolicies.mesh.dev (the CRD is not installed); install it with kubectl apply -k config/default, then run meshctl check.");
        }
    }
}
