using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.LocalCluster.Http;
using Mesh.Operator.Runtime;
using Microsoft.Extensions.Logging;

namespace Mesh.Operator.Hosting;

/// <summary>
/// Creates or replaces the objects of YAML manifests, like <c>kubectl apply -f</c> without its three-way merge.
/// A folder means every *.yaml / *.yml in it and its subfolders, except a subfolder named <c>invalid</c> (the samples
/// that must be refused). CRDs go first, then
/// Namespaces, then the rest; a kind that a CRD has just installed is retried until discovery serves it.
/// </summary>
internal sealed class ManifestApplier(KubeApi api, TimeProvider time, ILogger logger)
{
    private readonly Dictionary<string, IReadOnlyList<ResourceKind>> _discovery = new();

    public static IReadOnlyList<string> ExpandPaths(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                    .Where(f => !Path.GetRelativePath(path, f).Split(Path.DirectorySeparatorChar).SkipLast(1).Contains("invalid"))
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                throw new FileNotFoundException($"--apply {path}: no such file or folder.", path);
            }
        }

        return files;
    }

    /// <summary>Applies every object of the files; returns "kind/name" lines of what was created or updated.</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(IEnumerable<string> paths, CancellationToken ct)
    {
        var texts = new List<string>();
        foreach (var file in ExpandPaths(paths))
        {
            texts.Add(await File.ReadAllTextAsync(file, ct).ConfigureAwait(false));
        }

        return await ApplyYamlAsync(texts, ct).ConfigureAwait(false);
    }

    /// <summary>Applies every object of the YAML texts (multi-document allowed).</summary>
    public async Task<IReadOnlyList<string>> ApplyYamlAsync(IEnumerable<string> yamlTexts, CancellationToken ct)
    {
        var objects = yamlTexts.SelectMany(YamlToJson.Documents).ToList();
        var ordered = objects.OrderBy(o => (string?)o["kind"] switch
        {
            "CustomResourceDefinition" => 0,
            "Namespace" => 1,
            // Policies before workloads: the injector must know a pod's MeshPolicy when the pod is created.
            "MeshPolicy" => 2,
            _ => 3,
        }).ToList();
        var applied = new List<string>();
        foreach (var obj in ordered)
        {
            applied.Add(await ApplyOneAsync(obj, ct).ConfigureAwait(false));
        }

        return applied;
    }

    private async Task<string> ApplyOneAsync(JsonObject obj, CancellationToken ct)
    {
        var apiVersion = (string?)obj["apiVersion"] ?? throw new InvalidDataException("A manifest has no apiVersion.");
        var kindName = (string?)obj["kind"] ?? throw new InvalidDataException("A manifest has no kind.");
        var meta = obj["metadata"] as JsonObject ?? throw new InvalidDataException($"A {kindName} has no metadata.");
        var name = (string?)meta["name"] ?? throw new InvalidDataException($"A {kindName} has no metadata.name.");
        var kind = await ResolveAsync(apiVersion, kindName, ct).ConfigureAwait(false);
        var ns = kind.Namespaced ? (string?)meta["namespace"] ?? "default" : null;
        var label = $"{kind.Plural}/{name}" + (ns is null ? "" : $" -n {ns}");
        try
        {
            await api.SendForStringAsync(HttpMethod.Post, kind.CollectionPath(ns), obj.ToJsonString(), "application/json", ct).ConfigureAwait(false);
            logger.LogInformation("Created {Object}", label);
            return $"{label} created";
        }
        catch (KubeApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            var key = ObjectKey.Create(ns, name);
            var current = JsonNode.Parse(await api.SendForStringAsync(HttpMethod.Get, kind.ObjectPath(key), null, null, ct).ConfigureAwait(false))!;
            meta["resourceVersion"] = (string?)current["metadata"]?["resourceVersion"];
            await api.SendForStringAsync(HttpMethod.Put, kind.ObjectPath(key), obj.ToJsonString(), "application/json", ct).ConfigureAwait(false);
            logger.LogInformation("Updated {Object}", label);
            return $"{label} configured";
        }
    }

    private async Task<ResourceKind> ResolveAsync(string apiVersion, string kind, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(10);
        while (true)
        {
            if (!_discovery.TryGetValue(apiVersion, out var kinds) || kinds.All(k => k.Kind != kind))
            {
                kinds = await DiscoverAsync(apiVersion, ct).ConfigureAwait(false);
                _discovery[apiVersion] = kinds;
            }

            var found = kinds.FirstOrDefault(k => k.Kind == kind);
            if (found is not null)
            {
                return found;
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new InvalidDataException($"The API serves no kind {kind} in {apiVersion}; install its CRD first.");
            }

            // A CRD applied a moment ago is served a moment later, as with a real API server.
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, ct).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<ResourceKind>> DiscoverAsync(string apiVersion, CancellationToken ct)
    {
        var path = apiVersion.Contains('/') ? $"apis/{apiVersion}" : $"api/{apiVersion}";
        string text;
        try
        {
            text = await api.SendForStringAsync(HttpMethod.Get, path, null, null, ct).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }

        using var doc = JsonDocument.Parse(text);
        var group = apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";
        var version = apiVersion[(apiVersion.IndexOf('/') + 1)..];
        return doc.RootElement.GetProperty("resources").EnumerateArray()
            .Where(r => !r.GetProperty("name").GetString()!.Contains('/'))
            .Select(r => new ResourceKind
            {
                Group = group,
                Version = version,
                Plural = r.GetProperty("name").GetString()!,
                Kind = r.GetProperty("kind").GetString()!,
                Namespaced = r.GetProperty("namespaced").GetBoolean(),
            })
            .ToList();
    }
}
