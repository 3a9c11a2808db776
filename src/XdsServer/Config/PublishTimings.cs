namespace Mesh.XdsServer.Config;

/// <summary>
/// Where one <see cref="MeshConfigServer.Publish"/> spent its (wall) time, for the benchmarks: translating scopes,
/// merging the per-scope source and owner maps, building snapshots, validating the new ones and handing them to the
/// cache. <see cref="Scopes"/> counts distinct scopes translated, <see cref="Fresh"/> the snapshots built anew.
/// </summary>
public sealed record PublishTimings
{
    public TimeSpan Index { get; init; }

    public TimeSpan Translate { get; init; }

    public TimeSpan Maps { get; init; }

    public TimeSpan Snapshots { get; init; }

    public TimeSpan Validate { get; init; }

    public TimeSpan Serve { get; init; }

    public int Scopes { get; init; }

    public int Fresh { get; init; }

    public override string ToString() =>
        $"index {Index.TotalMilliseconds:0.0} ms, translate {Translate.TotalMilliseconds:0.0} ms, maps {Maps.TotalMilliseconds:0.0} ms, " +
        $"snapshots {Snapshots.TotalMilliseconds:0.0} ms, validate {Validate.TotalMilliseconds:0.0} ms, serve {Serve.TotalMilliseconds:0.0} ms " +
        $"({Scopes} scopes, {Fresh} new snapshots)";
}
