namespace Mesh.Testing;

/// <summary>Awaits a condition with a deadline instead of sleeping a guessed time.</summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DefaultPoll = TimeSpan.FromMilliseconds(20);

    /// <summary>Waits until <paramref name="condition"/> holds; throws a <see cref="TimeoutException"/> naming <paramref name="because"/> otherwise.</summary>
    public static Task True(Func<bool> condition, string because, TimeSpan? timeout = null, TimeSpan? poll = null) =>
        True(() => Task.FromResult(condition()), because, timeout, poll);

    /// <inheritdoc cref="True(Func{bool}, string, TimeSpan?, TimeSpan?)"/>
    public static async Task True(Func<Task<bool>> condition, string because, TimeSpan? timeout = null, TimeSpan? poll = null)
    {
        if (!await Holds(condition, timeout ?? DefaultTimeout, poll ?? DefaultPoll))
        {
            throw new TimeoutException($"Timed out waiting until {because}.");
        }
    }

    /// <summary>
    /// As <see cref="True(Func{Task{bool}}, string, TimeSpan?, TimeSpan?)"/>, with a message made at the deadline: what a
    /// process printed while the condition was awaited (a message built at the call holds only what it printed before).
    /// </summary>
    public static async Task True(Func<Task<bool>> condition, Func<string> because, TimeSpan? timeout = null, TimeSpan? poll = null)
    {
        ArgumentNullException.ThrowIfNull(because);
        if (!await Holds(condition, timeout ?? DefaultTimeout, poll ?? DefaultPoll))
        {
            throw new TimeoutException($"Timed out waiting until {because()}.");
        }
    }

    /// <summary>
    /// Whether <paramref name="condition"/> holds within <paramref name="timeout"/>, for callers that assert with their
    /// own message; the condition is checked once more at the deadline.
    /// </summary>
    public static async Task<bool> Holds(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan? poll = null)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!cts.IsCancellationRequested)
        {
            if (await condition())
            {
                return true;
            }

            try
            {
                await Task.Delay(poll ?? DefaultPoll, cts.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return await condition();
    }
}
