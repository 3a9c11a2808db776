using System.CommandLine;
using Mesh.Meshctl.Analysis;
using Mesh.Meshctl.Cli;
using Mesh.Meshctl.Kube;
using Mesh.Operator.Entities;
using Mesh.Operator.Planning;
using Mesh.Operator.WhatIf;

namespace Mesh.Meshctl.WhatIf;

/// <summary>
/// <c>meshctl what-if -f policy.yaml [--kubeconfig PATH] [--summary]</c>: what applying the MeshPolicies in the files
/// would change in the config the xDS server sends, without applying them. The live state is read through the user's
/// kubeconfig (every MeshPolicy, and the Services, EndpointSlices and Pods of their namespaces); both models are
/// planned and translated by the operator's own code. Exit 0 (with or without changes), 2 when a policy is refused.
/// </summary>
internal static class WhatIfCommand
{
    public static Command Create(Option<string?> kubeconfig, TextWriter stdout)
    {
        var files = new Option<string[]>("--filename", "-f")
        {
            Description = "A file or folder holding the MeshPolicies to try (*.yaml, *.yml, *.json); repeat for more.",
            Arity = ArgumentArity.OneOrMore,
            Required = true,
        };
        var summary = new Option<bool>("--summary")
        {
            Description = "Print the one-line summary only (as the admission webhook warns on kubectl apply --dry-run=server).",
        };
        var command = new Command("what-if", "Show which proxies and which xDS resources applying MeshPolicies would add, change or remove, with a unified diff of their JSON, without applying them.")
        {
            files, kubeconfig, summary,
        };
        command.SetAction(async (result, ct) =>
        {
            var paths = result.GetValue(files) ?? [];
            var set = ManifestReader.Read(paths);
            if (set.Policies.Count == 0)
            {
                throw new CommandFailure($"no MeshPolicy (mesh.dev/v1alpha1) found in {string.Join(", ", paths)}; what-if compares MeshPolicies: pass the file that holds one with -f.");
            }
            var unreadable = set.Policies.Values.SelectMany(SchemaCheck.Check).ToList();
            unreadable.AddRange(set.Policies.Values.Where(p => p.Policy is null && SchemaCheck.Check(p).Count == 0).Select(p => new Diagnostic
            {
                Severity = DiagnosticSeverity.Error,
                Code = DiagnosticCodes.SchemaViolation,
                Kind = MeshPolicy.KubeKind,
                Namespace = p.Namespace,
                Name = p.Name,
                Field = "",
                Message = $"cannot be read as a MeshPolicy ({p.ReadError}); fix the field it names.",
            }));
            if (unreadable.Count > 0)
            {
                // The API server would refuse these before the operator saw them: nothing to compare.
                foreach (var diagnostic in unreadable)
                {
                    await stdout.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
                }
                return CommandFailure.ExitCode;
            }

            var proposed = set.Policies.Values.Select(p => p.Policy!).ToList();
            using var client = KubeClientFactory.Create(result.GetValue(kubeconfig));
            var live = await ClusterReader.ReadAsync(client, onlyNamespace: null, proposed.Select(p => p.Metadata.NamespaceProperty), ct).ConfigureAwait(false);
            var outcome = WhatIfPlanner.Evaluate(LiveStates.From(live, proposed.Select(p => p.Metadata.NamespaceProperty)), proposed);

            foreach (var plan in outcome.Plans)
            {
                foreach (var problem in plan.Problems)
                {
                    var diagnostic = new Diagnostic
                    {
                        Severity = problem.Severity == ProblemSeverity.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
                        Code = ProblemCodes.Of(problem),
                        Kind = MeshPolicy.KubeKind,
                        Namespace = plan.Namespace,
                        Name = plan.PolicyName,
                        Field = problem.Field,
                        Message = problem.Message,
                    };
                    await stdout.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
                }
            }
            if (!outcome.IsAccepted)
            {
                await stdout.WriteLineAsync("what-if: refused by the operator's planner; nothing would change (the proxies keep their config). Fix the errors above.").ConfigureAwait(false);
                return CommandFailure.ExitCode;
            }
            await stdout.WriteAsync(result.GetValue(summary) ? WhatIfText.Summary(outcome.Report) + "\n" : WhatIfText.Full(outcome.Report)).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
