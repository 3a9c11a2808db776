namespace Mesh.LocalCluster;

/// <summary>Writes a kubeconfig with one cluster, user and context named "mesh-local".</summary>
internal static class KubeconfigWriter
{
    public const string ContextName = "mesh-local";

    public static string Render(Uri server) => $$"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: {{ContextName}}
          cluster:
            server: {{server.GetLeftPart(UriPartial.Authority)}}
        users:
        - name: {{ContextName}}
          user:
            token: {{ContextName}}
        contexts:
        - name: {{ContextName}}
          context:
            cluster: {{ContextName}}
            user: {{ContextName}}
            namespace: default
        current-context: {{ContextName}}
        preferences: {}

        """;

    public static string Write(Uri server, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, Render(server));
        return path;
    }
}
