namespace Mesh.XdsServer;

/// <summary>Marker for the xDS server assembly (used to locate it in tests and hosts).</summary>
public static class XdsServerAssembly
{
    public static System.Reflection.Assembly Assembly => typeof(XdsServerAssembly).Assembly;
}
