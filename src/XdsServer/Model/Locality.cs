namespace Mesh.XdsServer.Model;

/// <summary>Where a proxy or endpoint runs.</summary>
public sealed record Locality
{
    /// <summary>Region. Default empty.</summary>
    public string Region { get; init; } = "";

    /// <summary>Zone. Default empty.</summary>
    public string Zone { get; init; } = "";

    /// <summary>The empty locality.</summary>
    public static Locality None { get; } = new();
}
