namespace Mesh.Operator.Certificates;

/// <summary>What the reconciler must do with the root CA Secret.</summary>
public enum RootCaAction
{
    /// <summary>The Secret is valid and complete: leave it alone.</summary>
    Keep,

    /// <summary>No usable root exists (missing, malformed or expired Secret): create a fresh root.</summary>
    Create,

    /// <summary>The signing root nears its end: stage a successor in the trust bundle; the old root keeps signing.</summary>
    Rotate,

    /// <summary>The staged successor has been published long enough: it becomes the signer; the old root stays trusted until it expires.</summary>
    Activate,

    /// <summary>The trust bundle holds an expired root or misses a live one: rewrite it.</summary>
    RefreshBundle,
}
