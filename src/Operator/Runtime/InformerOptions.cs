namespace Mesh.Operator.Runtime;

/// <summary>How an informer retries after errors.</summary>
public sealed record InformerOptions
{
    /// <summary>First wait after a failed list or watch; doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan MinRetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest wait between retries.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Namespace to watch; null watches all namespaces.</summary>
    public string? Namespace { get; init; }
}
