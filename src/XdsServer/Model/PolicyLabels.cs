namespace Mesh.XdsServer.Model;

/// <summary>
/// Snapshot labels that name a MeshPolicy: <c>mesh.dev/policy.&lt;ns&gt;.&lt;name&gt;</c> = generation. A snapshot carries
/// the labels of the policies whose resources the proxy receives, and they come back with every ACK and NACK.
/// </summary>
public static class PolicyLabels
{
    /// <summary>Prefix of every policy label.</summary>
    public const string Prefix = "mesh.dev/policy.";

    /// <summary>The label of the policy <paramref name="ns"/>/<paramref name="name"/>.</summary>
    public static string For(string ns, string name) => $"{Prefix}{ns}.{name}";
}
