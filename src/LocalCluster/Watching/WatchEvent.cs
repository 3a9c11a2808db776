using System.Text;
using Mesh.LocalCluster.Resources;
using Mesh.LocalCluster.Storage;

namespace Mesh.LocalCluster.Watching;

/// <summary>A committed change; its wire line is serialized once however many watchers receive it.</summary>
internal sealed class WatchEvent(WatchEventKind kind, ResourceTypeKey type, StoredObject stored)
{
    private byte[]? _line;

    public WatchEventKind Kind { get; } = kind;

    public ResourceTypeKey Type { get; } = type;

    public StoredObject Stored { get; } = stored;

    public long ResourceVersion => Stored.ResourceVersion;

    /// <summary>{"type":"ADDED","object":{...}} followed by a newline.</summary>
    public byte[] Line => _line ??= Frame(Kind, Stored.Json);

    public static byte[] Frame(WatchEventKind kind, byte[] objectJson)
    {
        var head = Encoding.UTF8.GetBytes("{\"type\":\"" + WireName(kind) + "\",\"object\":");
        var line = new byte[head.Length + objectJson.Length + 2];
        head.CopyTo(line, 0);
        objectJson.CopyTo(line, head.Length);
        line[^2] = (byte)'}';
        line[^1] = (byte)'\n';
        return line;
    }

    public static string WireName(WatchEventKind kind) => kind switch
    {
        WatchEventKind.Added => "ADDED",
        WatchEventKind.Modified => "MODIFIED",
        WatchEventKind.Deleted => "DELETED",
        WatchEventKind.Bookmark => "BOOKMARK",
        _ => "ERROR",
    };
}
