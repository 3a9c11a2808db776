namespace Mesh.Operator.Publishing;

/// <summary>How <see cref="MeshPublisher"/> folds policy changes into publishes.</summary>
public sealed record MeshPublisherOptions
{
    /// <summary>
    /// Changes submitted within this window of the first one are served by one publish (one translation of the whole
    /// mesh for every proxy scope). The window is fixed from the first change, not sliding, so a steady stream of
    /// changes still publishes once per window. Zero publishes as soon as the running publish (if any) is done.
    /// </summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(30);

    /// <summary>
    /// At startup, how long the first publish waits for every MeshPolicy that existed when the caches synced to be
    /// reconciled once (see <see cref="InitialPublishGate"/>); after it, what is reconciled is published and the
    /// others follow as they come.
    /// </summary>
    public TimeSpan InitialWait { get; init; } = TimeSpan.FromSeconds(10);
}
