namespace Mesh.LocalCluster.PatchSupport;

/// <summary>A patch that cannot be applied to the current object (answered 422).</summary>
internal sealed class PatchFailedException(string message) : Exception(message);
