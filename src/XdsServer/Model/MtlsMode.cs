namespace Mesh.XdsServer.Model;

/// <summary>What a serving sidecar accepts inbound.</summary>
public enum MtlsMode
{
    /// <summary>mTLS and plaintext (the default while a namespace migrates in).</summary>
    Permissive,
    /// <summary>mTLS only.</summary>
    Strict,
    /// <summary>Plaintext only.</summary>
    Disabled,
}
