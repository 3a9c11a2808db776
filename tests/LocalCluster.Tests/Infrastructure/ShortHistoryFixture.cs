namespace Mesh.LocalCluster.Tests.Infrastructure;

/// <summary>An embedded server that retains only a few changes, so that old resourceVersions expire.</summary>
public sealed class ShortHistoryFixture : LocalApiFixture
{
    protected override LocalApiServerOptions Options => base.Options with { WatchHistoryLimit = 3 };
}
