namespace Mesh.Meshctl.Tests;

/// <summary>Manifest files written for one test into a folder of its own, deleted afterwards.</summary>
internal sealed class TempManifests : IDisposable
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"meshctl-{Guid.NewGuid():N}");

    public TempManifests() => Directory.CreateDirectory(Folder);

    public string Write(string name, string yaml)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
