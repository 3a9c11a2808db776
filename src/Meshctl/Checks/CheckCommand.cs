using System.CommandLine;
using Mesh.Meshctl.Kube;

namespace Mesh.Meshctl.Checks;

/// <summary><c>meshctl check [--kubeconfig PATH]</c>: one ✔/✘ line per check; exit 0 when all pass, 2 otherwise.</summary>
internal static class CheckCommand
{
    public static Command Create(Option<string?> kubeconfig, TextWriter stdout, TimeProvider time)
    {
        var command = new Command("check", "Check the installation: CRD, operator, injection and validation webhook certificates, root CA.") { kubeconfig };
        command.SetAction(async (result, ct) =>
        {
            using var client = KubeClientFactory.Create(result.GetValue(kubeconfig));
            var checks = await new ControlPlaneChecks(client, time.GetUtcNow()).RunAsync(ct).ConfigureAwait(false);
            foreach (var check in checks)
            {
                await stdout.WriteLineAsync(check.ToString()).ConfigureAwait(false);
            }
            return checks.All(c => c.Passed) ? 0 : Cli.CommandFailure.ExitCode;
        });
        return command;
    }
}
