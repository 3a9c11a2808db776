using System.CommandLine;
using Mesh.Meshctl.Cli;
using Mesh.Meshctl.Kube;

namespace Mesh.Meshctl.Analysis;

/// <summary><c>meshctl analyze [-f FILE|DIR]... [--cluster] [--kubeconfig PATH] [-o text|json]</c>.</summary>
internal static class AnalyzeCommand
{
    public static Command Create(Option<string?> kubeconfig, TextWriter stdout)
    {
        var files = new Option<string[]>("--filename", "-f")
        {
            Description = "A manifest file or a folder of them (*.yaml, *.yml, *.json); repeat for more.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var cluster = new Option<bool>("--cluster")
        {
            Description = "Read the live objects through the kubeconfig; files given with -f are laid over them.",
        };
        var ns = new Option<string?>("--namespace", "-n")
        {
            Description = "With --cluster: read the MeshPolicies of this namespace only (all namespaces you may list by default).",
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "text (one line per finding) or json (an array).",
            DefaultValueFactory = _ => "text",
        };
        output.AcceptOnlyFromAmong("text", "json");

        var command = new Command("analyze", "Check MeshPolicies against the CRD schema and the operator's planner, offline on files and/or against the cluster. Exit 0 clean, 1 warnings, 2 errors.")
        {
            files, cluster, ns, kubeconfig, output,
        };
        command.SetAction(async (result, ct) =>
        {
            var paths = result.GetValue(files) ?? [];
            var live = result.GetValue(cluster);
            if (paths.Length == 0 && !live)
            {
                throw new CommandFailure("nothing to analyze; pass manifests with -f FILE|DIR or read the cluster with --cluster.");
            }
            var set = ManifestReader.Read(paths);
            if (!live && set.Policies.Count == 0)
            {
                throw new CommandFailure($"no MeshPolicy found in {string.Join(", ", paths)}; pass the file that holds one with -f, or add --cluster to check the live policies.");
            }
            if (live)
            {
                using var client = KubeClientFactory.Create(result.GetValue(kubeconfig));
                var liveSet = await ClusterReader.ReadAsync(client, result.GetValue(ns), set.Policies.Values.Select(p => p.Namespace), ct).ConfigureAwait(false);
                liveSet.Overlay(set);
                set = liveSet;
                await ClusterReader.LookUpServicesNamedElsewhereAsync(client, set, ct).ConfigureAwait(false);
            }
            var analysis = Analyzer.Analyze(set);
            if (result.GetValue(output) == "json")
            {
                DiagnosticWriter.WriteJson(stdout, analysis);
            }
            else
            {
                DiagnosticWriter.WriteText(stdout, analysis);
            }
            return analysis.ExitCode;
        });
        return command;
    }
}
