using System.Runtime.CompilerServices;
using System.Text;
using k8s;
using k8s.Models;
using Mesh.Operator.Entities;
using Mesh.Operator.Entities.CertManager;

namespace Mesh.Operator.Tests.Certificates;

/// <summary>
/// Golden files read from the source tree (so that MESH_UPDATE_GOLDEN=1 rewrites them in place), multi-document
/// YAML loading by kind, and a line diff that says where actual and expected part.
/// </summary>
internal static class GoldenFile
{
    public static string TestData(string relative, [CallerFilePath] string caller = "") =>
        Path.Combine(Path.GetDirectoryName(caller)!, "testdata", relative);

    public static IEnumerable<object[]> Cases(string folder, [CallerFilePath] string caller = "") =>
        Directory.GetDirectories(Path.Combine(Path.GetDirectoryName(caller)!, "testdata", folder))
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .Select(name => new object[] { name! });

    public static List<object> LoadAll(string path)
    {
        var documents = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n---", StringSplitOptions.RemoveEmptyEntries);
        var result = new List<object>();
        foreach (var document in documents.Select(d => d.TrimStart('-', '\n')).Where(d => d.Contains("kind:", StringComparison.Ordinal)))
        {
            var kind = document.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("kind:", StringComparison.Ordinal))["kind:".Length..].Trim();
            result.Add(kind switch
            {
                "MeshPolicy" => KubernetesYaml.Deserialize<MeshPolicy>(document),
                "Pod" => KubernetesYaml.Deserialize<V1Pod>(document),
                "Service" => KubernetesYaml.Deserialize<V1Service>(document),
                "ServiceAccount" => KubernetesYaml.Deserialize<V1ServiceAccount>(document),
                "Namespace" => KubernetesYaml.Deserialize<V1Namespace>(document),
                "Certificate" => KubernetesYaml.Deserialize<Certificate>(document),
                "Issuer" => KubernetesYaml.Deserialize<Issuer>(document),
                "ClusterIssuer" => KubernetesYaml.Deserialize<ClusterIssuer>(document),
                "NetworkPolicy" => KubernetesYaml.Deserialize<V1NetworkPolicy>(document),
                _ => throw new InvalidDataException($"{path}: kind {kind} is not known to the golden loader."),
            });
        }
        return result;
    }

    public static string ToYaml(IEnumerable<object> documents) =>
        string.Join("---\n", documents.Select(d => KubernetesYaml.Serialize(d).TrimEnd('\n') + "\n"));

    /// <summary>Compares with the expected file; MESH_UPDATE_GOLDEN=1 writes it instead.</summary>
    public static void Match(string expectedPath, string actual)
    {
        if (Environment.GetEnvironmentVariable("MESH_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(expectedPath, actual);
            return;
        }
        File.Exists(expectedPath).Should().BeTrue($"{expectedPath} must exist (run the tests once with MESH_UPDATE_GOLDEN=1 to write it, then review it)");
        var expected = File.ReadAllText(expectedPath).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (expected != actual)
        {
            throw new Xunit.Sdk.XunitException($"{expectedPath} differs (MESH_UPDATE_GOLDEN=1 rewrites it):\n{Diff(expected, actual)}");
        }
    }

    private static string Diff(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var first = 0;
        while (first < e.Length && first < a.Length && e[first] == a[first])
        {
            first++;
        }
        var text = new StringBuilder($"first difference at line {first + 1}\n");
        for (var i = Math.Max(0, first - 3); i < Math.Min(Math.Max(e.Length, a.Length), first + 8); i++)
        {
            var el = i < e.Length ? e[i] : "<end>";
            var al = i < a.Length ? a[i] : "<end>";
            text.AppendLine(el == al ? $"  {el}" : $"- {el}\n+ {al}");
        }
        return text.ToString();
    }
}
