namespace Mesh.LocalCluster;

/// <summary>Marker for the embedded Kubernetes API assembly.</summary>
public static class LocalClusterAssembly
{
    public static System.Reflection.Assembly Assembly => typeof(LocalClusterAssembly).Assembly;
}
