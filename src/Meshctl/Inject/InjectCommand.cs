using System.CommandLine;
using Mesh.Meshctl.Analysis;
using Mesh.Meshctl.Cli;
using Mesh.Meshctl.Kube;
using Mesh.Operator.Entities;
using Mesh.Operator.Injection;
using YamlDotNet.Core;

namespace Mesh.Meshctl.Inject;

/// <summary>
/// <c>meshctl inject -f deploy.yaml [-f policy.yaml] [--cluster]</c>: the sidecar injector offline, for clusters
/// without the webhook (like istioctl kube-inject). Every document of the files is written to stdout, pod templates
/// injected; what happened to each workload goes to stderr.
/// </summary>
internal static class InjectCommand
{
    public static Command Create(Option<string?> kubeconfig, TextWriter stdout, TextWriter stderr)
    {
        var files = new Option<string[]>("--filename", "-f")
        {
            Description = "A manifest file or folder: workloads to inject, and MeshPolicies that govern them; repeat for more.",
            Arity = ArgumentArity.OneOrMore,
            Required = true,
        };
        var cluster = new Option<bool>("--cluster")
        {
            Description = "Also read the MeshPolicies of the workloads' namespaces through the kubeconfig (policies in the files win).",
        };
        var proxyImage = new Option<string>("--proxy-image")
        {
            Description = "The proxy image when a policy names none (the operator's default).",
            DefaultValueFactory = _ => new InjectorOptions().DefaultProxyImage,
        };
        var operatorImage = new Option<string>("--operator-image")
        {
            Description = "The image of the capture init container (the operator's default).",
            DefaultValueFactory = _ => new InjectorOptions().OperatorImage,
        };
        var command = new Command("inject", "Add the Mesh sidecar to the pod templates of Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs and Pods offline, as the webhook would; other documents pass through unchanged.")
        {
            files, cluster, kubeconfig, proxyImage, operatorImage,
        };
        command.SetAction(async (result, ct) =>
        {
            var paths = result.GetValue(files) ?? [];
            // Read every file first: policies come from all of them, and a malformed one fails before any output.
            var set = ManifestReader.Read(paths);
            var texts = paths.SelectMany(Expand).Select(f => (File: f, Text: File.ReadAllText(f))).ToList();
            var policies = set.Policies.Values.Where(p => p.Policy is not null).ToDictionary(p => ManifestSet.Key(p.Namespace, p.Name), p => p.Policy!);
            if (result.GetValue(cluster))
            {
                using var client = KubeClientFactory.Create(result.GetValue(kubeconfig));
                var namespaces = WorkloadNamespaces(texts.Select(t => t.Text));
                foreach (var ns in namespaces)
                {
                    var live = await ClusterReader.ReadAsync(client, ns, [], ct).ConfigureAwait(false);
                    foreach (var (key, source) in live.Policies)
                    {
                        policies.TryAdd(key, source.Policy!);
                    }
                }
            }
            else if (policies.Count == 0)
            {
                throw new CommandFailure($"no MeshPolicy in {string.Join(", ", paths)} to decide which pods get a sidecar; add the policy with -f policy.yaml or read the cluster's with --cluster.");
            }

            var options = new InjectorOptions { DefaultProxyImage = result.GetValue(proxyImage)!, OperatorImage = result.GetValue(operatorImage)! };
            var outputs = texts.Select(t => OfflineInjector.Inject(t.Text, t.File, policies.Values.ToList(), options)).ToList();
            if (outputs.Sum(o => o.PodTemplates) == 0)
            {
                throw new CommandFailure($"no pod template in {string.Join(", ", paths)}; pass Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs or Pods with -f.");
            }
            await stdout.WriteAsync(string.Join("---\n", outputs.Select(o => o.Yaml).Where(y => y.Length > 0))).ConfigureAwait(false);
            foreach (var note in outputs.SelectMany(o => o.Notes))
            {
                await stderr.WriteLineAsync(note).ConfigureAwait(false);
            }
            return 0;
        });
        return command;
    }

    private static IEnumerable<string> Expand(string path) =>
        Directory.Exists(path)
            ? Directory.GetFiles(path).Where(f => Path.GetExtension(f) is ".yaml" or ".yml" or ".json").Order(StringComparer.Ordinal)
            : [path];

    private static IEnumerable<string> WorkloadNamespaces(IEnumerable<string> texts)
    {
        var namespaces = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var document in texts.SelectMany(ManifestDocuments.Split))
        {
            try
            {
                if (Mesh.LocalCluster.Http.YamlToJson.Convert(document) is System.Text.Json.Nodes.JsonObject obj && (string?)obj["kind"] != MeshPolicy.KubeKind)
                {
                    namespaces.Add((string?)obj["metadata"]?["namespace"] ?? OfflineInjector.DefaultNamespace);
                }
            }
            catch (YamlException)
            {
                // ManifestReader has read every file already; a split that cuts a document oddly is not worth failing on.
            }
        }
        return namespaces;
    }
}
