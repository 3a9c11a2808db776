namespace Mesh.Operator.Runtime;

/// <summary>How the manager runs its informers and controllers.</summary>
public sealed record ControllerManagerOptions
{
    /// <summary>Null runs the controllers without election (a single replica, tests).</summary>
    public LeaderElectionOptions? LeaderElection { get; init; }

    /// <summary>On shutdown, how long reconciles in flight may finish before they are cancelled.</summary>
    public TimeSpan ShutdownGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Retry behaviour of every informer.</summary>
    public InformerOptions Informers { get; init; } = new();
}
