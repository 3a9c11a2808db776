using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Mesh.LocalCluster.Http;
using Mesh.Meshctl.Cli;
using Mesh.Operator.Entities;
using YamlDotNet.Core;

namespace Mesh.Meshctl.Analysis;

/// <summary>
/// Reads <c>-f</c> files and folders (a folder: its *.yaml, *.yml and *.json files, not recursive, as kubectl -f) into a
/// <see cref="ManifestSet"/>. Kinds analyze does not use are skipped; what cannot be read at all is a
/// <see cref="CommandFailure"/> naming the file (and line, for YAML syntax).
/// </summary>
internal static class ManifestReader
{
    /// <summary>Where <c>kubectl apply</c> puts an object that names no namespace (with the default context).</summary>
    public const string DefaultNamespace = "default";

    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    public static ManifestSet Read(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var set = new ManifestSet();
        foreach (var file in paths.SelectMany(Expand))
        {
            ReadFile(file, set);
        }
        return set;
    }

    private static IEnumerable<string> Expand(string path)
    {
        if (Directory.Exists(path))
        {
            return Directory.GetFiles(path)
                .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal);
        }
        if (File.Exists(path))
        {
            return [path];
        }
        throw new CommandFailure($"{path}: no such file or directory; check the path given to -f.");
    }

    private static void ReadFile(string file, ManifestSet set)
    {
        IReadOnlyList<JsonNode?> documents;
        try
        {
            documents = YamlToJson.ConvertAll(File.ReadAllText(file));
        }
        catch (YamlException e)
        {
            throw new CommandFailure($"{file}:{e.Start.Line}:{e.Start.Column}: malformed YAML ({Inner(e)}); fix the syntax at that line.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandFailure($"{file}: cannot be read ({e.Message}); check the path and its permissions.");
        }

        for (var i = 0; i < documents.Count; i++)
        {
            if (documents[i] is not JsonObject document)
            {
                continue;
            }
            var apiVersion = (document["apiVersion"] as JsonValue)?.ToString() ?? "";
            var kind = (document["kind"] as JsonValue)?.ToString() ?? "";
            if (document["metadata"] is not JsonObject metadata)
            {
                metadata = new JsonObject();
                document["metadata"] = metadata;
            }
            if (metadata["namespace"] is null)
            {
                metadata["namespace"] = DefaultNamespace;
            }
            var where = $"{file}: document {i + 1} ({kind} {(metadata["name"] as JsonValue)?.ToString() ?? "<no name>"})";
            switch ($"{apiVersion}/{kind}")
            {
                case MeshPolicy.KubeGroupVersion + "/" + MeshPolicy.KubeKind:
                    AddPolicy(file, document, metadata, set);
                    break;
                case "v1/Service":
                    Add(set.Services, Parse<V1Service>(document, where));
                    break;
                case "v1/Pod":
                    Add(set.Pods, Parse<V1Pod>(document, where));
                    break;
                case "v1/ServiceAccount":
                    Add(set.ServiceAccounts, Parse<V1ServiceAccount>(document, where));
                    break;
                case "discovery.k8s.io/v1/EndpointSlice":
                    Add(set.EndpointSlices, Parse<V1EndpointSlice>(document, where));
                    break;
                case "apps/v1/Deployment":
                    Add(set.Deployments, Parse<V1Deployment>(document, where));
                    break;
                case "batch/v1/Job":
                    Add(set.Jobs, Parse<V1Job>(document, where));
                    break;
                default:
                    // Namespaces, Issuers, ConfigMaps ...: nothing analyze checks.
                    break;
            }
        }
    }

    private static void AddPolicy(string file, JsonObject document, JsonObject metadata, ManifestSet set)
    {
        var ns = (metadata["namespace"] as JsonValue)?.ToString() ?? DefaultNamespace;
        var name = (metadata["name"] as JsonValue)?.ToString() ?? "";
        MeshPolicy? policy = null;
        string? error = null;
        try
        {
            policy = KubernetesJson.Deserialize<MeshPolicy>(document.ToJsonString());
        }
        catch (JsonException e)
        {
            // The schema check names the field; this is the fallback when it does not.
            error = e.Message;
        }
        set.Policies[ManifestSet.Key(ns, name)] = new PolicySource
        {
            Namespace = ns,
            Name = name,
            Policy = policy,
            Document = (JsonObject)document.DeepClone(),
            Origin = file,
            ReadError = error,
        };
    }

    private static T Parse<T>(JsonObject document, string where)
    {
        try
        {
            return KubernetesJson.Deserialize<T>(document.ToJsonString());
        }
        catch (JsonException e)
        {
            throw new CommandFailure($"{where}: not a valid {typeof(T).Name[2..]} ({e.Message}); fix the field it names.");
        }
    }

    private static void Add<T>(Dictionary<string, T> into, T obj)
        where T : IKubernetesObject<V1ObjectMeta> => into[ManifestSet.Key(obj)] = obj;

    /// <summary>YamlDotNet's message without its "(Line: 3, Col: 5, Idx: 20) - (...): " prefix, which the caller prints itself.</summary>
    private static string Inner(YamlException e)
    {
        var message = e.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        return (message.StartsWith("(Line:", StringComparison.Ordinal) && cut > 0 ? message[(cut + 3)..] : message).TrimEnd('.');
    }
}
