using System.CommandLine;
using Mesh.Meshctl.Kube;

namespace Mesh.Meshctl.Proxies;

/// <summary>
/// <c>meshctl proxy-status [POD.NAMESPACE]</c>: every proxy connected to any operator replica, its CDS/LDS/EDS/RDS/SDS
/// state (SYNCED, NOT SENT, STALE, NACKED as istioctl means them) and the replica that serves it; with a pod, the
/// versions sent and ACKed per type and the last NACK's text.
/// </summary>
internal static class ProxyStatusCommand
{
    public static Command Create(Option<string?> kubeconfig, TextWriter stdout)
    {
        var pod = new Argument<string?>("POD.NAMESPACE") { Description = "A pod (POD.NAMESPACE, or POD with -n): show its detail.", Arity = ArgumentArity.ZeroOrOne };
        var ns = new Option<string?>("--namespace", "-n") { Description = "The namespace of POD, or (without POD) list only this namespace's proxies." };
        var command = new Command("proxy-status", "Show each proxy's xDS sync state (SYNCED, NOT SENT, STALE, NACKED) and the operator replica serving it.")
        {
            pod, ns, kubeconfig,
        };
        command.Aliases.Add("ps");
        command.SetAction(async (result, ct) =>
        {
            var podText = result.GetValue(pod);
            var only = result.GetValue(ns);
            var target = podText is null ? null : PodName.Parse(podText, only);
            using var client = KubeClientFactory.Create(result.GetValue(kubeconfig));
            var directory = new ProxyDirectory(new ControlPlaneClient(client));
            if (target is null)
            {
                var all = await directory.AllAsync(ct).ConfigureAwait(false);
                ProxyStatusWriter.WriteTable(stdout, all.Where(p => only is null || p.Pod?.Namespace == only).ToList());
            }
            else
            {
                ProxyStatusWriter.WriteDetail(stdout, await directory.OfAsync(target, ct).ConfigureAwait(false));
            }
            return 0;
        });
        return command;
    }
}
