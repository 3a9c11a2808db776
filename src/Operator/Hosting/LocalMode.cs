using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Mesh.Operator.Hosting;

/// <summary><c>mesh-operator local</c>: everything on loopback, then the kubectl commands a newcomer types next.</summary>
internal static class LocalMode
{
    public static async Task<int> RunAsync(OperatorCommand command)
    {
        var options = new LocalModeOptions
        {
            KubeconfigPath = command.Kubeconfig ?? Path.Combine(".kube-local", "config"),
            XdsPort = command.XdsPort ?? 15010,
            XdsTlsPort = command.XdsTlsPort ?? Mesh.XdsServer.Contract.SidecarContract.XdsTlsPort,
            HttpPort = command.HttpPort ?? 0,
            WebhookPort = command.WebhookPort ?? 0,
            Apply = command.Apply,
        };
        LocalSession session;
        try
        {
            session = await LocalSession.StartAsync(options).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        await using (session.ConfigureAwait(false))
        {
            Console.WriteLine(Banner(session, options));
            await session.App.WaitForShutdownAsync().ConfigureAwait(false);
            Console.WriteLine("Stopping: the operator releases its lease, then the embedded API stops.");
        }

        return 0;
    }

    internal static string Banner(LocalSession session, LocalModeOptions options)
    {
        var kc = session.KubeconfigPath;
        var urls = session.Urls;
        var http = urls.FirstOrDefault() ?? "(none)";
        var applied = session.Applied.Count == 0
            ? "  (nothing; try --apply config/samples)"
            : string.Join(Environment.NewLine, session.Applied.Select(a => "  " + a));
        return $"""

            Mesh is running in local mode (an embedded Kubernetes API on loopback: objects are real, no pods run).
              API server   {session.Api.BaseAddress}
              kubeconfig   {kc}
              xDS (ADS)    {(options.XdsPort is null ? "off" : urls.Skip(1).FirstOrDefault() ?? $"127.0.0.1:{options.XdsPort}")}  (plaintext gRPC, proxyless gRPC clients only)
              xDS (mTLS)   {(options.XdsTlsPort is null ? "off" : urls.LastOrDefault() ?? $"127.0.0.1:{options.XdsTlsPort}")}  (sidecars: the client certificate must match the pod)
              metrics      {http}/metrics   health {http}/healthz  {http}/readyz
              injector     {session.WebhookUrl?.ToString() ?? "off"}  (HTTPS; the API calls it as service mesh-webhook.mesh-system:443)
            Applied:
            {applied}

            Next, in another terminal:
              export KUBECONFIG={kc}
              kubectl apply -f config/samples/
              kubectl get meshpolicies -A              # short: kubectl get mp -A
              kubectl describe mp <name> -n <namespace>
              kubectl wait --for=condition=Accepted mp/<name> -n <namespace>
              kubectl get events -A

            Ctrl-C stops everything.
            """;
    }
}
