namespace Mesh.LocalCluster.Admission;

/// <summary>clientConfig.service: the webhook is served at https://&lt;name&gt;.&lt;namespace&gt;.svc:&lt;port&gt;&lt;path&gt;.</summary>
internal sealed record WebhookService(string Namespace, string Name, int Port, string Path)
{
    /// <summary>The DNS name the serving certificate must carry.</summary>
    public string Host => $"{Name}.{Namespace}.svc";
}
