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

        // Atomically: a tool that waits for the file (then runs kubectl) never reads half of it.
        var temporary = Path.Combine(string.IsNullOrEmpty(directory) ? "." : directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temporary, Render(server));
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return path;
    }
}
